package org.xwgrid.worker.volunteer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** When a volunteer lends its host to the grid ({@code xwgrid.worker.volunteer.policy}). */
public enum Policy {
  /** All the time (the maximum CPU share still applies). */
  ALWAYS("always"),
  /** While the owner does not use the host: its load has stayed low for the idle period. */
  IDLE("idle"),
  /** Within the time windows only. */
  WINDOWS("windows"),
  /** Within the time windows, and there only while the owner does not use the host. */
  IDLE_AND_WINDOWS("idle-and-windows");

  private final String key;

  Policy(String key) {
    this.key = key;
  }

  /** True when the owner's activity counts (idle detection). */
  public boolean watchesOwner() {
    return this == IDLE || this == IDLE_AND_WINDOWS;
  }

  /** True when the time windows count. */
  public boolean usesWindows() {
    return this == WINDOWS || this == IDLE_AND_WINDOWS;
  }

  /**
   * The policy written {@code s} (any case).
   *
   * @throws IllegalArgumentException listing the valid names
   */
  public static Policy parse(String s) {
    String k = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
    for (Policy p : values()) {
      if (p.key.equals(k)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown policy '" + s + "' (expected "
            + Arrays.stream(values()).map(Policy::toString).collect(Collectors.joining(", ")) + ")");
  }

  /** The name as written in the configuration. */
  @Override
  public String toString() {
    return key;
  }
}
