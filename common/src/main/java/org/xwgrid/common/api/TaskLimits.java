package org.xwgrid.common.api;

import org.xwgrid.common.CborSerializable;

/**
 * What one task may use on a worker: {@code memoryMb} of memory (swap included), {@code cpus}
 * cores' worth of CPU time (0.5 = half a core), {@code pids} processes and threads. Zero means no
 * limit of that kind. A worker enforces them with cgroups (native tasks) or the container's
 * limits (docker apps); a task past its memory limit is killed and reported out of memory.
 */
public record TaskLimits(Long memoryMb, Double cpus, Integer pids) implements CborSerializable {
  public static final TaskLimits NONE = new TaskLimits(0L, 0.0, 0);

  /** Absent values (null in JSON) are 0: no limit. */
  public TaskLimits {
    memoryMb = memoryMb == null ? 0L : memoryMb;
    cpus = cpus == null ? 0.0 : cpus;
    pids = pids == null ? 0 : pids;
    if (memoryMb < 0 || pids < 0 || !(cpus >= 0) || Double.isInfinite(cpus)) {
      throw new IllegalArgumentException(
          "limits must be zero (none) or positive: memoryMb=" + memoryMb + ", cpus=" + cpus + ", pids=" + pids);
    }
  }

  public TaskLimits(long memoryMb, double cpus, int pids) {
    this(Long.valueOf(memoryMb), Double.valueOf(cpus), Integer.valueOf(pids));
  }

  /** The limits with every unset (zero) value taken from {@code defaults}. */
  public TaskLimits orElse(TaskLimits defaults) {
    if (defaults == null) {
      return this;
    }
    return new TaskLimits(
        memoryMb > 0 ? memoryMb : defaults.memoryMb,
        cpus > 0 ? cpus : defaults.cpus,
        pids > 0 ? pids : defaults.pids);
  }
}
