package org.xwgrid.worker.cache;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The size budget that the {@link DataCache} and the {@link AppCache} share: every entry (a blob
 * or an unpacked app, see {@link CacheKey}) with its size on disk and its last use. A hit or a fill
 * touches its entry; after a fill, {@link #enforce()} evicts the least recently used entries until
 * the total is within the limit. A pinned entry (see {@link CacheLease}) is never evicted: when
 * only pinned entries are left the budget stays over its limit, says so once, and catches up when
 * they are unpinned.
 *
 * <p>Pure bookkeeping: files are removed by the {@link Deleter} each cache attaches for its kind.
 * Its {@link Deleter#detach detach} runs under the budget's lock, so that an entry is gone from
 * disk before anyone can pin its key again (one unlink or rename); what it returns (deleting a
 * folder set aside) runs outside the lock. Thread-safe.
 */
public final class CacheBudget {
  private static final Logger log = LoggerFactory.getLogger(CacheBudget.class);

  /** Takes evicted entries of one kind off the disk. */
  @FunctionalInterface
  public interface Deleter {
    /**
     * Makes the entry vanish from its cache's folder at once (unlink, or rename aside), called under
     * the budget's lock; returns the rest of the work (deleting what was set aside), run after.
     */
    Runnable detach(String sha256) throws IOException;
  }

  private static final class Entry {
    final long size;
    long lastUse;

    Entry(long size, long lastUse) {
      this.size = size;
      this.lastUse = lastUse;
    }
  }

  private final Object lock = new Object();
  private final long maxBytes;
  private final LongSupplier clock;
  private final Map<CacheKey, Entry> entries = new HashMap<>();
  private final Map<CacheKey, Integer> pins = new HashMap<>();
  private final Map<CacheKey.Kind, Deleter> deleters = new EnumMap<>(CacheKey.Kind.class);
  private long total;
  private long lastTick;
  private boolean overLimitLogged;

  private CacheBudget(long maxBytes, LongSupplier clock) {
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  /** A budget of {@code maxBytes} for all entries together; 0 means unlimited. */
  public static CacheBudget create(long maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("a cache size cannot be negative: " + maxBytes);
    }
    return new CacheBudget(maxBytes, System::currentTimeMillis);
  }

  /** A budget that only keeps count and pins (evicting only for disk space). */
  public static CacheBudget unlimited() {
    return create(0);
  }

  /** Has {@code deleter} remove the evicted entries of {@code kind}; once per kind. */
  public void attach(CacheKey.Kind kind, Deleter deleter) {
    synchronized (lock) {
      if (deleters.putIfAbsent(kind, deleter) != null) {
        throw new IllegalStateException("a " + kind + " cache is already attached to this budget");
      }
    }
  }

  /** The limit in bytes; 0 = unlimited. */
  public long maxBytes() {
    return maxBytes;
  }

  /** The bytes of all entries. */
  public long total() {
    synchronized (lock) {
      return total;
    }
  }

  public boolean contains(CacheKey key) {
    synchronized (lock) {
      return entries.containsKey(key);
    }
  }

  /** The entries, least recently used first (for tests and diagnostics). */
  public List<CacheKey> leastRecentlyUsedFirst() {
    synchronized (lock) {
      List<CacheKey> keys = new ArrayList<>(entries.keySet());
      keys.sort((a, b) -> Long.compare(entries.get(a).lastUse, entries.get(b).lastUse));
      return keys;
    }
  }

  /**
   * Pins {@code key}, present or not (a download under way is pinned before it lands), and touches
   * it if present; true if it is.
   */
  public boolean pin(CacheKey key) {
    synchronized (lock) {
      pins.merge(key, 1, Integer::sum);
      Entry e = entries.get(key);
      if (e != null) {
        e.lastUse = tick();
      }
      return e != null;
    }
  }

  /** Undoes one {@link #pin}; true if the budget is over its limit, so {@link #enforce()} is worth a call. */
  public boolean unpin(CacheKey key) {
    synchronized (lock) {
      Integer n = pins.get(key);
      if (n == null) {
        throw new IllegalStateException(key + " is not pinned");
      }
      if (n == 1) {
        pins.remove(key);
      } else {
        pins.put(key, n - 1);
      }
      return overLimit();
    }
  }

  /** Marks {@code key} as just used, if present. */
  public void touch(CacheKey key) {
    synchronized (lock) {
      Entry e = entries.get(key);
      if (e != null) {
        e.lastUse = tick();
      }
    }
  }

  /** Records a filled entry of {@code size} bytes as just used (again: its size is replaced). */
  public void add(CacheKey key, long size) {
    synchronized (lock) {
      put(key, size, tick());
    }
  }

  /**
   * Records an entry found on disk at start, last used at {@code lastUseMillis} (its file time);
   * does nothing if it is known already.
   */
  public void restore(CacheKey key, long size, long lastUseMillis) {
    synchronized (lock) {
      if (!entries.containsKey(key)) {
        put(key, size, lastUseMillis);
        lastTick = Math.max(lastTick, lastUseMillis);
      }
    }
  }

  /**
   * Evicts the least recently used unpinned entries until the total is within the limit; blocking
   * (file deletion). When only pinned entries are left it stops there and logs it once.
   */
  public void enforce() {
    if (maxBytes <= 0) {
      return;
    }
    Set<CacheKey> undeletable = new HashSet<>();
    while (true) {
      Runnable rest;
      synchronized (lock) {
        if (total <= maxBytes) {
          overLimitLogged = false;
          return;
        }
        rest = evictLocked(undeletable);
        if (rest == null) {
          if (!overLimitLogged) {
            overLimitLogged = true;
            log.warn(
                "The cache holds {} bytes, over its limit of {} bytes, but what is left is in use;"
                    + " it is trimmed when tasks finish",
                total,
                maxBytes);
          }
          return;
        }
      }
      runQuietly(rest);
    }
  }

  /**
   * Evicts the least recently used unpinned entry, whatever the limit (to make room on disk);
   * blocking. False if every entry is pinned (or cannot be deleted).
   */
  public boolean evictOne() {
    Runnable rest;
    synchronized (lock) {
      rest = evictLocked(new HashSet<>());
    }
    if (rest == null) {
      return false;
    }
    runQuietly(rest);
    return true;
  }

  private boolean overLimit() {
    return maxBytes > 0 && total > maxBytes;
  }

  private void put(CacheKey key, long size, long lastUse) {
    Entry old = entries.put(key, new Entry(size, lastUse));
    total += size - (old == null ? 0 : old.size);
  }

  /** Strictly increasing, close to the wall clock (so it compares with the file times of restored entries). */
  private long tick() {
    lastTick = Math.max(clock.getAsLong(), lastTick + 1);
    return lastTick;
  }

  /** Detaches the LRU unpinned entry not in {@code skip}; what remains to do, or null if none. */
  private Runnable evictLocked(Set<CacheKey> skip) {
    while (true) {
      CacheKey victim = null;
      Entry lru = null;
      for (Map.Entry<CacheKey, Entry> e : entries.entrySet()) {
        if (!pins.containsKey(e.getKey())
            && !skip.contains(e.getKey())
            && (lru == null || e.getValue().lastUse < lru.lastUse)) {
          victim = e.getKey();
          lru = e.getValue();
        }
      }
      if (victim == null) {
        return null;
      }
      Deleter deleter = deleters.get(victim.kind());
      try {
        if (deleter == null) {
          throw new IOException("no " + victim.kind() + " cache is attached");
        }
        Runnable rest = deleter.detach(victim.sha256());
        entries.remove(victim);
        total -= lru.size;
        log.info("Evicted [{}] from the cache ({} bytes, {} left)", victim, lru.size, total);
        return rest == null ? () -> {} : rest;
      } catch (IOException | RuntimeException e) {
        log.warn("Cannot evict [{}] from the cache: {}", victim, e.toString());
        skip.add(victim);
      }
    }
  }

  private static void runQuietly(Runnable rest) {
    try {
      rest.run();
    } catch (RuntimeException e) {
      log.warn("Cannot finish deleting an evicted cache entry: {}", e.toString());
    }
  }
}
