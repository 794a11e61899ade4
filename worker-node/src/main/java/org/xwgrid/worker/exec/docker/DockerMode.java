package org.xwgrid.worker.exec.docker;

import java.util.Locale;

/**
 * {@code xwgrid.worker.docker.enabled}: use the Docker engine when it answers ({@code auto}, else
 * run without the {@code docker} capability), insist on it ({@code required}: the worker refuses
 * to start without it), or never ({@code off}).
 */
public enum DockerMode {
  AUTO,
  REQUIRED,
  OFF;

  /** Case-insensitive: {@code auto}, {@code required} or {@code off}. */
  public static DockerMode parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "docker.enabled '" + s + "' is not one of auto, required, off");
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
