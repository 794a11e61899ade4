package org.xwgrid.worker.exec;

import java.util.Locale;

/** {@code --sandbox}: bubblewrap when present ({@code auto}), always ({@code bwrap}), or never. */
public enum SandboxMode {
  AUTO,
  BWRAP,
  NONE;

  /** Case-insensitive: {@code auto}, {@code bwrap} or {@code none}. */
  public static SandboxMode parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "sandbox mode '" + s + "' is not one of auto, bwrap, none");
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
