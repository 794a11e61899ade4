package org.xwgrid.worker.exec;

import java.util.Locale;

/**
 * {@code isolation.cgroups}: limit and measure each task in its own cgroup when the host
 * allows it ({@code auto}, else rlimits with one warning), always ({@code required}: the worker
 * refuses to start without), or never ({@code off}).
 */
public enum CgroupMode {
  AUTO,
  REQUIRED,
  OFF;

  /** Case-insensitive: {@code auto}, {@code required} or {@code off}. */
  public static CgroupMode parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("cgroups '" + s + "' is not one of auto, required, off");
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
