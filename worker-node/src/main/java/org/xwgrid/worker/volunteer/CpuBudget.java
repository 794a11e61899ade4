package org.xwgrid.worker.volunteer;

/**
 * How much of the host the worker may use under a maximum CPU share: how many slots may run at
 * once, and the CPU limit of each task in thousandths of a core (for {@code Limits.cpuMillis};
 * 0 = no limit), so that the tasks together never use more than the share. E.g. 4 cores at share
 * 0.5: at most 2 slots of 1000 millicores each, or 1 slot of 2000 when only 1 is wanted.
 */
public record CpuBudget(int slots, long cpuMillisPerTask) {

  public CpuBudget {
    if (slots < 1 || cpuMillisPerTask < 0) {
      throw new IllegalArgumentException("at least one slot and a limit >= 0 (was " + slots + ", " + cpuMillisPerTask + ")");
    }
  }

  /**
   * The budget of {@code requestedSlots} on {@code cores} cores at {@code maxCpuShare}: share 1
   * changes nothing (the slots asked for, no limit); below 1, the share's whole cores (at least one)
   * bound the slots, and the share's millicores are split evenly between them (at least 1 each).
   */
  public static CpuBudget of(int cores, int requestedSlots, double maxCpuShare) {
    if (cores < 1 || requestedSlots < 1 || !(maxCpuShare > 0 && maxCpuShare <= 1)) {
      throw new IllegalArgumentException(
          "cores and slots must be >= 1 and 0 < share <= 1 (was " + cores + ", " + requestedSlots + ", " + maxCpuShare + ")");
    }
    if (maxCpuShare >= 1) {
      return new CpuBudget(requestedSlots, 0);
    }
    // The epsilon keeps e.g. 100 cores x 0.29 at 29 000, not 28 999.
    long budget = Math.max(1, (long) Math.floor(cores * 1000L * maxCpuShare + 1e-6));
    int slots = (int) Math.min(requestedSlots, Math.max(1, budget / 1000));
    return new CpuBudget(slots, Math.max(1, budget / slots));
  }

  /** True when the tasks must be given a CPU limit. */
  public boolean limited() {
    return cpuMillisPerTask > 0;
  }
}
