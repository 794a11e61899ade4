package org.xwgrid.worker.exec;

/**
 * What a task's cgroup counted: {@code cpuMs} of CPU (user and system, every process of the task),
 * {@code peakMemoryBytes} (-1 when the kernel does not keep it), {@code oomKills} (processes killed
 * for passing the memory limit) and {@code pidsLimitHits} (forks refused by the pids limit).
 */
record CgroupUsage(long cpuMs, long peakMemoryBytes, long oomKills, long pidsLimitHits) {
  static final CgroupUsage UNKNOWN = new CgroupUsage(-1, -1, 0, 0);
}
