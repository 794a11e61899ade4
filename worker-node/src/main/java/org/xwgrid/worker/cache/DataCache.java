package org.xwgrid.worker.cache;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
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
  private final Set<String> present = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, CompletableFuture<Path>> inFlight =
      new ConcurrentHashMap<>();

  private DataCache(
      Path root, Executor blocking, int attempts, Duration backoffMin, Duration backoffMax) {
    this.root = root;
    this.blocking = blocking;
    this.attempts = attempts;
    this.backoffMin = backoffMin;
    this.backoffMax = backoffMax;
  }

  /**
   * A cache in {@code root}; file work runs on {@code blocking}; a download that fails transiently
   * (no answer, 5xx, corrupt bytes) is tried up to {@code attempts} times with backoff.
   */
  public static DataCache create(
      Path root, Executor blocking, int attempts, Duration backoffMin, Duration backoffMax)
      throws IOException {
    Files.createDirectories(root);
    return new DataCache(root, blocking, Math.max(1, attempts), backoffMin, backoffMax);
  }

  public Path root() {
    return root;
  }

  /** The verified local file of {@code data}, downloaded with {@code fetcher} if not cached yet. */
  public CompletableFuture<Path> get(DataRef data, Fetcher fetcher) {
    String sha = data.sha256();
    if (!Hashes.isSha256(sha)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("not a sha256: " + sha));
    }
    Path file = root.resolve(sha);
    if (present.contains(sha)) {
      return CompletableFuture.completedFuture(file);
    }
    CompletableFuture<Path> mine = new CompletableFuture<>();
    CompletableFuture<Path> other = inFlight.putIfAbsent(sha, mine);
    if (other != null) {
      return other;
    }
    CompletableFuture.runAsync(
            () -> {
              if (Files.isRegularFile(file)) {
                present.add(sha);
                inFlight.remove(sha, mine);
                mine.complete(file);
              } else {
                download(data, fetcher, file, Backoff.create(backoffMin, backoffMax, 0.2), 1)
                    .whenComplete(
                        (p, e) -> {
                          inFlight.remove(sha, mine);
                          if (e != null) {
                            mine.completeExceptionally(DispatcherException.unwrap(e));
                          } else {
                            present.add(sha);
                            mine.complete(p);
                          }
                        });
              }
            },
            blocking)
        .exceptionally(
            e -> {
              inFlight.remove(sha, mine);
              mine.completeExceptionally(e);
              return null;
            });
    return mine;
  }

  private CompletableFuture<Path> download(
      DataRef data, Fetcher fetcher, Path file, Backoff backoff, int attempt) {
    Path tmp = root.resolve(data.sha256() + "." + UUID.randomUUID() + TMP_SUFFIX);
    CompletableFuture<Path> result;
    try {
      result =
          fetcher
              .fetch(data, tmp)
              .toCompletableFuture()
              .thenApplyAsync(p -> verifyAndPublish(data, tmp, file), blocking);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result
        .handle(
            (p, e) -> {
              if (e == null) {
                return CompletableFuture.completedFuture(p);
              }
              deleteQuietly(tmp);
              Throwable cause = DispatcherException.unwrap(e);
              boolean retry =
                  attempt < attempts
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

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      log.warn("Cannot delete [{}]: {}", p, e.toString());
    }
  }
}
