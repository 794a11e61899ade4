package org.xwgrid.worker.cache;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Not enough disk space for a download or an unpack, even after evicting what the cache could:
 * the work left nothing behind (no partial file), and the task may well run on another worker.
 */
public final class DiskFullException extends IOException {
  /** How every message starts (a worker tells its own hand-backs for a full disk by it). */
  public static final String PREFIX = "disk full: ";

  private final Path dir;

  private DiskFullException(String message, Path dir, Throwable cause) {
    super(message, cause);
    this.dir = dir;
  }

  /** Fewer than {@code needed} plus {@code reserve} bytes are usable under {@code dir}. */
  public static DiskFullException shortOf(Path dir, long usable, long needed, long reserve) {
    return new DiskFullException(
        PREFIX
            + bytes(usable)
            + " free under "
            + dir
            + ", "
            + bytes(needed)
            + " needed plus a "
            + bytes(reserve)
            + " reserve",
        dir,
        null);
  }

  /** The file system said "No space left on device" while {@code what} was written under {@code dir}. */
  public static DiskFullException noSpaceLeft(Path dir, String what, Throwable cause) {
    return new DiskFullException(
        PREFIX + "no space left on device under " + dir + " during the " + what, dir, cause);
  }

  /** The folder whose file system is full. */
  public Path dir() {
    return dir;
  }

  /** {@code 512 bytes}, {@code 120 MiB}, {@code 1.5 GiB}. */
  static String bytes(long n) {
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (Math.abs(n) < 1024) {
      return n + " bytes";
    }
    double v = n;
    int u = -1;
    while (Math.abs(v) >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    String s = String.format(Locale.ROOT, "%.1f", v);
    return (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + " " + units[u];
  }
}
