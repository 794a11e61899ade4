package org.xwgrid.worker.cache;

import java.util.Objects;

/**
 * What a cache entry is: a verified blob of the {@link DataCache} or an unpacked app of the {@link
 * AppCache}, by the SHA-256 it is stored under.
 */
public record CacheKey(Kind kind, String sha256) {

  /** The two caches that share a {@link CacheBudget}. */
  public enum Kind {
    BLOB,
    APP
  }

  public CacheKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sha256, "sha256");
  }

  public static CacheKey blob(String sha256) {
    return new CacheKey(Kind.BLOB, sha256);
  }

  public static CacheKey app(String sha256) {
    return new CacheKey(Kind.APP, sha256);
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + sha256;
  }
}
