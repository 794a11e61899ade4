package org.xwgrid.worker.exec;

/**
 * What one task may use: {@code memoryBytes} of memory (swap included), {@code cpuMillis}
 * thousandths of a core (1500 = one and a half cores), {@code pids} processes and threads. Zero
 * means no limit of that kind.
 */
public record Limits(long memoryBytes, long cpuMillis, long pids) {
  public static final Limits NONE = new Limits(0, 0, 0);

  public Limits {
    if (memoryBytes < 0 || cpuMillis < 0 || pids < 0) {
      throw new IllegalArgumentException("limits must not be negative");
    }
  }

  /** True when no limit is set. */
  public boolean none() {
    return memoryBytes == 0 && cpuMillis == 0 && pids == 0;
  }
}
