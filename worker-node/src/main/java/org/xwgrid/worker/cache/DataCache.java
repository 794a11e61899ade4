package org.xwgrid.worker.cache;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.worker.net.Backoff;
import org.xwgrid.worker.net.DispatcherException;

/**
 * Content-addressed local copies of data blobs: {@code <root>/<sha256>}. A blob is downloaded to a
 * temporary file, its size and SHA-256 checked, then renamed into place, so a file under its digest
 * is always complete and verified (also after a {@code kill -9}: leftovers are only temporary files,
 * removed by {@link #removeTemporaryFiles()}). Concurrent requests for one digest share one
 * download. Thread-safe.
 *
 * <p>The blobs count in a {@link CacheBudget} (shared with the {@link AppCache}): a request touches
 * its blob, a download is followed by the eviction of least recently used entries over the limit,
 * and a blob held by a {@link CacheLease} ({@link #acquire}) is never evicted. Before a download,
 * {@link DiskSpace} makes sure the disk has room for it; when it has not, or the disk fills up during
 * the download, the request fails with a {@link DiskFullException} and leaves no partial file.
 */
public final class DataCache {
  private static final Logger log = LoggerFactory.getLogger(DataCache.class);
  private static final String TMP_SUFFIX = ".part";

  /** Writes the bytes of {@code data} into {@code target}, e.g. from the data repository. */
  @FunctionalInterface
  public interface Fetcher {
    CompletionStage<Path> fetch(DataRef data, Path target);
  }

  private final Path root;
  private final Executor blocking;
  private final int attempts;
  private final Duration backoffMin;
  private final Duration backoffMax;
  private final CacheBudget budget;
  private final DiskSpace disk;
  private final ConcurrentHashMap<String, CompletableFuture<Path>> inFlight =
      new ConcurrentHashMap<>();

  private DataCache(
      Path root,
      Executor blocking,
      int attempts,
      Duration backoffMin,
      Duration backoffMax,
      CacheBudget budget,
      DiskSpace disk) {
    this.root = root;
    this.blocking = blocking;
    this.attempts = attempts;
    this.backoffMin = backoffMin;
    this.backoffMax = backoffMax;
    this.budget = budget;
    this.disk = disk;
  }

  /**
   * A cache in {@code root} without a size limit (only the disk's room is checked); file work runs
   * on {@code blocking}; a download that fails transiently (no answer, 5xx, corrupt bytes) is tried
   * up to {@code attempts} times with backoff.
   */
  public static DataCache create(
      Path root, Executor blocking, int attempts, Duration backoffMin, Duration backoffMax)
      throws IOException {
    return create(
        root, blocking, attempts, backoffMin, backoffMax, CacheBudget.unlimited(), DiskSpace.create(0));
  }

  /**
   * As above, its blobs counted in {@code budget} (which it attaches to as the {@link
   * CacheKey.Kind#BLOB} cache) and downloads checked against {@code disk}.
   */
  public static DataCache create(
      Path root,
      Executor blocking,
      int attempts,
      Duration backoffMin,
      Duration backoffMax,
      CacheBudget budget,
      DiskSpace disk)
      throws IOException {
    Files.createDirectories(root);
    DataCache cache =
        new DataCache(root, blocking, Math.max(1, attempts), backoffMin, backoffMax, budget, disk);
    budget.attach(CacheKey.Kind.BLOB, cache::detach);
    return cache;
  }

  public Path root() {
    return root;
  }

  /** The budget the blobs count in (the {@link AppCache} over this cache shares it). */
  public CacheBudget budget() {
    return budget;
  }

  /** The free-space check of downloads (the {@link AppCache} over this cache shares it). */
  public DiskSpace disk() {
    return disk;
  }

  /**
   * The verified local file of {@code data}, downloaded with {@code fetcher} if not cached yet. The
   * file is not pinned: under a size limit it may be evicted at any time; see {@link #acquire}.
   */
  public CompletableFuture<Path> get(DataRef data, Fetcher fetcher) {
    return acquire(data, fetcher)
        .thenApply(
            lease -> {
              lease.close();
              return lease.path();
            });
  }

  /**
   * The verified local file of {@code data}, downloaded with {@code fetcher} if not cached yet,
   * pinned (never evicted) until the lease is closed. Fails with a {@link DiskFullException} when
   * the disk has no room for it, or with the reasons of the download ({@link DispatcherException},
   * {@link CorruptDataException}, I/O).
   */
  public CompletableFuture<CacheLease> acquire(DataRef data, Fetcher fetcher) {
    String sha = data.sha256();
    if (!Hashes.isSha256(sha)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("not a sha256: " + sha));
    }
    CacheKey key = CacheKey.blob(sha);
    Path file = root.resolve(sha);
    return CacheLease.acquire(file, budget, key, blocking, () -> fill(data, fetcher, key, file));
  }

  /** Downloads (or finds on disk) the blob of {@code key}, once for all concurrent requests. */
  private CompletableFuture<Path> fill(DataRef data, Fetcher fetcher, CacheKey key, Path file) {
    String sha = key.sha256();
    CompletableFuture<Path> mine = new CompletableFuture<>();
    CompletableFuture<Path> other = inFlight.putIfAbsent(sha, mine);
    if (other != null) {
      return other;
    }
    CompletableFuture.supplyAsync(() -> sizeIfPresent(file), blocking)
        .thenCompose(
            size -> {
              if (size >= 0) {
                budget.add(key, size);
                budget.enforce();
                return CompletableFuture.completedFuture(file);
              }
              return download(data, fetcher, file, Backoff.create(backoffMin, backoffMax, 0.2), 1)
                  .thenApply(
                      p -> {
                        budget.add(key, sizeIfPresent(p));
                        budget.enforce();
                        return p;
                      });
            })
        .whenComplete(
            (p, e) -> {
              inFlight.remove(sha, mine);
              if (e != null) {
                mine.completeExceptionally(DispatcherException.unwrap(e));
              } else {
                mine.complete(p);
              }
            });
    return mine;
  }

  /** Runs on the blocking executor (the first attempt from {@link #fill}, retries from a delay). */
  private CompletableFuture<Path> download(
      DataRef data, Fetcher fetcher, Path file, Backoff backoff, int attempt) {
    Path tmp = root.resolve(data.sha256() + "." + UUID.randomUUID() + TMP_SUFFIX);
    CompletableFuture<Path> result;
    try {
      disk.reserve(root, data.size(), budget);
      result =
          fetcher
              .fetch(data, tmp)
              .toCompletableFuture()
              .thenApplyAsync(p -> verifyAndPublish(data, tmp, file), blocking);
    } catch (IOException | RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result
        .handle(
            (p, e) -> {
              if (e == null) {
                return CompletableFuture.completedFuture(p);
              }
              deleteQuietly(tmp);
              Throwable cause =
                  DiskSpace.asDiskFull(
                      DispatcherException.unwrap(e), root, "download of " + data.sha256());
              boolean retry =
                  attempt < attempts
                      && !(cause instanceof DiskFullException)
                      && (cause instanceof CorruptDataException
                          || DispatcherException.isTransient(cause));
              if (!retry) {
                return CompletableFuture.<Path>failedFuture(cause);
              }
              Duration delay = backoff.next();
              log.warn(
                  "Download of [{}] failed (attempt {} of {}): {}; retrying in {} ms",
                  data.sha256(),
                  attempt,
                  attempts,
                  cause.toString(),
                  delay.toMillis());
              Executor later = CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, blocking);
              return CompletableFuture.supplyAsync(() -> null, later)
                  .thenCompose(x -> download(data, fetcher, file, backoff, attempt + 1));
            })
        .thenCompose(f -> f);
  }

  private Path verifyAndPublish(DataRef data, Path tmp, Path file) {
    try {
      long size = Files.size(tmp);
      if (data.size() >= 0 && size != data.size()) {
        throw new CorruptDataException(
            "download of " + data.sha256() + " has " + size + " bytes, expected " + data.size());
      }
      String actual = Hashes.sha256Hex(tmp);
      if (!actual.equals(data.sha256())) {
        throw new CorruptDataException(
            "download of " + data.sha256() + " has digest " + actual + " instead");
      }
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--r--r--"));
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw new CompletionException(e);
    }
  }

  /** Deletes the temporary files of downloads cut short (by a crash). Blocking; call at start. */
  public void removeTemporaryFiles() throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "*" + TMP_SUFFIX)) {
      for (Path p : ds) {
        deleteQuietly(p);
      }
    }
  }

  /**
   * Counts the blobs already on disk in the budget, last used when their file was last modified
   * (a hit sets that time). Blocking; call at start, after {@link #removeTemporaryFiles()}, then
   * {@link CacheBudget#enforce()} once both caches are scanned.
   */
  public void scan() throws IOException {
    int n = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (Hashes.isSha256(name) && Files.isRegularFile(p)) {
          budget.restore(CacheKey.blob(name), Files.size(p), Files.getLastModifiedTime(p).toMillis());
          n++;
        }
      }
    }
    log.info("{} cached blobs in [{}]; the cache holds {} bytes", n, root, budget.total());
  }

  /** The {@link CacheBudget.Deleter} of blobs: unlinks the file (links into task folders stay). */
  private Runnable detach(String sha) throws IOException {
    Files.deleteIfExists(root.resolve(sha));
    return null;
  }

  /** Sets the last-modified time of a hit, so that a restart knows its last use; best effort. */
  static void markUsed(Path path, Executor blocking) {
    try {
      blocking.execute(
          () -> {
            try {
              Files.setLastModifiedTime(path, FileTime.fromMillis(System.currentTimeMillis()));
            } catch (IOException e) {
              log.debug("Cannot mark [{}] as used: {}", path, e.toString());
            }
          });
    } catch (RejectedExecutionException e) {
      log.debug("Cannot mark [{}] as used: shutting down", path);
    }
  }

  /** The size of a regular file, or -1 if there is none. */
  private static long sizeIfPresent(Path file) {
    if (!Files.isRegularFile(file)) {
      return -1;
    }
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException e) {
      throw new CompletionException(e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      log.warn("Cannot delete [{}]: {}", p, e.toString());
    }
  }
}
