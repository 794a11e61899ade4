package org.xwgrid.worker.cache;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.List;

/**
 * The limits of the worker's caches, from {@code xwgrid.worker.cache} (see {@code reference.conf}).
 *
 * @param maxSize bytes of verified blobs and unpacked apps together, least recently used evicted
 *     beyond it; 0 = unlimited
 * @param minFree bytes a download or an unpack must leave free on the disk, else it fails with a
 *     {@link DiskFullException}
 */
public record CacheSettings(long maxSize, long minFree) {
  public static final String PATH = "xwgrid.worker.cache";

  /** The keys {@link #fromConfig} reads, relative to {@code xwgrid.worker} (for the dead-config test). */
  public static final List<String> KEYS = List.of("cache.max-size", "cache.min-free");

  public CacheSettings {
    if (maxSize < 0) {
      throw new IllegalArgumentException("cache max-size cannot be negative: " + maxSize);
    }
    if (minFree < 0) {
      throw new IllegalArgumentException("cache min-free cannot be negative: " + minFree);
    }
  }

  /**
   * Reads {@code xwgrid.worker.cache} of {@code config} (which should include the reference.conf).
   *
   * @throws ConfigException if a key is missing or not a byte size of 0 or more
   */
  public static CacheSettings fromConfig(Config config) {
    Config c = config.getConfig(PATH);
    return new CacheSettings(bytes(c, "max-size"), bytes(c, "min-free"));
  }

  /** A budget of {@link #maxSize} for both caches. */
  public CacheBudget budget() {
    return CacheBudget.create(maxSize);
  }

  /** A free-space check keeping {@link #minFree} bytes free on the real disk. */
  public DiskSpace diskSpace() {
    return DiskSpace.create(minFree);
  }

  private static long bytes(Config c, String key) {
    long v;
    try {
      v = c.getBytes(key);
    } catch (ConfigException.BadValue | ConfigException.WrongType e) {
      throw badSize(c, key, e);
    }
    if (v < 0) {
      throw badSize(c, key, null);
    }
    return v;
  }

  private static ConfigException badSize(Config c, String key, Throwable cause) {
    return new ConfigException.BadValue(
        c.getValue(key).origin(),
        PATH + "." + key,
        "expected a size of 0 or more such as 10GiB or 256MiB, got " + c.getValue(key).render(),
        cause);
  }
}
