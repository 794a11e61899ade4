package org.xwgrid.worker.cache;

import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A cache entry pinned for its user: while the lease is open the {@link CacheBudget} never evicts
 * it, so a blob can be linked and an app folder executed in place. {@link #close()} unpins it (once;
 * later calls do nothing) and, when the cache is over its limit, has it evicted down to the limit
 * on the cache's executor. Thread-safe.
 */
public final class CacheLease implements AutoCloseable {
  private final Path path;
  private final Runnable release;
  private final AtomicBoolean closed = new AtomicBoolean();

  private CacheLease(Path path, Runnable release) {
    this.path = path;
    this.release = release;
  }

  /** A lease on {@code key}, already pinned in {@code budget}; evictions after closing run on {@code blocking}. */
  /**
   * Pins {@code key} and leases {@code path}: at once when it is cached (and marked used), else
   * once {@code fill} has put it there; a failed fill releases the pin.
   */
  static java.util.concurrent.CompletableFuture<CacheLease> acquire(
      Path path, CacheBudget budget, CacheKey key, Executor blocking,
      java.util.function.Supplier<java.util.concurrent.CompletableFuture<?>> fill) {
    boolean hit = budget.pin(key);
    CacheLease lease = of(path, budget, key, blocking);
    if (hit) {
      DataCache.markUsed(path, blocking);
      return java.util.concurrent.CompletableFuture.completedFuture(lease);
    }
    java.util.concurrent.CompletableFuture<CacheLease> result = new java.util.concurrent.CompletableFuture<>();
    fill.get()
        .whenComplete(
            (p, e) -> {
              if (e != null) {
                lease.close();
                result.completeExceptionally(org.xwgrid.worker.net.DispatcherException.unwrap(e));
              } else {
                result.complete(lease);
              }
            });
    return result;
  }

  static CacheLease of(Path path, CacheBudget budget, CacheKey key, Executor blocking) {
    return new CacheLease(
        path,
        () -> {
          if (budget.unpin(key)) {
            try {
              blocking.execute(budget::enforce);
            } catch (RejectedExecutionException e) {
              // Shutting down: the next start enforces the limit.
            }
          }
        });
  }

  /** The blob file or the app folder. */
  public Path path() {
    return path;
  }

  /** Unpins the entry. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      release.run();
    }
  }
}
