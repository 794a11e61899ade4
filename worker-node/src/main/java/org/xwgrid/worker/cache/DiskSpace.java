package org.xwgrid.worker.cache;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Free space for the caches: before a download or an unpack, {@link #reserve} checks that the file
 * system has room for it plus a reserve left free for the rest of the machine, evicting unpinned
 * cache entries (least recently used first) if that helps, and fails with a {@link
 * DiskFullException} if it does not. {@link #asDiskFull} turns an "No space left on device" that
 * slips through (concurrent writes, a wrong size estimate) into one too. Thread-safe.
 */
public final class DiskSpace {
  private static final Logger log = LoggerFactory.getLogger(DiskSpace.class);
  private static final String ENOSPC = "no space left on device";

  /** The usable bytes of the file system holding a folder (injected in tests). */
  @FunctionalInterface
  public interface FreeSpace {
    long usable(Path dir) throws IOException;
  }

  private final long minFree;
  private final FreeSpace free;

  private DiskSpace(long minFree, FreeSpace free) {
    this.minFree = minFree;
    this.free = free;
  }

  /** Keeps {@code minFree} bytes free on the real file systems. */
  public static DiskSpace create(long minFree) {
    return create(minFree, dir -> Files.getFileStore(dir).getUsableSpace());
  }

  /** Keeps {@code minFree} bytes free as {@code free} measures them. */
  public static DiskSpace create(long minFree, FreeSpace free) {
    if (minFree < 0) {
      throw new IllegalArgumentException("a free-space reserve cannot be negative: " + minFree);
    }
    return new DiskSpace(minFree, free);
  }

  /** The bytes always left free. */
  public long minFree() {
    return minFree;
  }

  /**
   * Makes sure {@code needed} bytes plus the reserve are usable under {@code dir}, evicting unpinned
   * entries of {@code budget} while they are not. Blocking.
   *
   * @throws DiskFullException if there is still not enough room
   */
  public void reserve(Path dir, long needed, CacheBudget budget) throws IOException {
    long want = saturatedAdd(Math.max(0, needed), minFree);
    long usable = free.usable(dir);
    int evicted = 0;
    while (usable < want && budget.evictOne()) {
      evicted++;
      usable = free.usable(dir);
    }
    if (evicted > 0) {
      log.info(
          "Evicted {} cache entries to make room for {} under [{}]: {} now free",
          evicted,
          DiskFullException.bytes(needed),
          dir,
          DiskFullException.bytes(usable));
    }
    if (usable < want) {
      throw DiskFullException.shortOf(dir, usable, Math.max(0, needed), minFree);
    }
  }

  /**
   * {@code t} itself, or a {@link DiskFullException} if it is (or is caused by) an "No space left
   * on device" I/O failure while {@code what} was written under {@code dir}.
   */
  public static Throwable asDiskFull(Throwable t, Path dir, String what) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof DiskFullException) {
        return c;
      }
      if (c instanceof IOException io && isNoSpace(io)) {
        return DiskFullException.noSpaceLeft(dir, what, t);
      }
    }
    return t;
  }

  private static boolean isNoSpace(IOException e) {
    String reason = e instanceof FileSystemException f ? f.getReason() : null;
    return contains(reason) || contains(e.getMessage());
  }

  private static boolean contains(String s) {
    return s != null && s.toLowerCase(Locale.ROOT).contains(ENOSPC);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
