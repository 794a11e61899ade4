package org.xwgrid.worker.cache;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.worker.net.DispatcherException;

/**
 * Unpacked app packages: {@code <root>/<sha256 of the zip>/}. The zip comes from the {@link
 * DataCache}; it is unpacked ({@link ZipExtractor}, zip-slip safe) into a temporary folder that is
 * renamed into place, so a folder under a digest is always complete. Thread-safe.
 */
public final class AppCache {
  private static final Logger log = LoggerFactory.getLogger(AppCache.class);
  private static final String TMP_MARK = ".unpacking-";

  private final Path root;
  private final DataCache data;
  private final ZipExtractor extractor;
  private final Executor blocking;
  private final Set<String> present = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, CompletableFuture<Path>> inFlight =
      new ConcurrentHashMap<>();

  private AppCache(Path root, DataCache data, ZipExtractor extractor, Executor blocking) {
    this.root = root;
    this.data = data;
    this.extractor = extractor;
    this.blocking = blocking;
  }

  public static AppCache create(
      Path root, DataCache data, ZipExtractor extractor, Executor blocking) throws IOException {
    Files.createDirectories(root);
    return new AppCache(root.toAbsolutePath().normalize(), data, extractor, blocking);
  }

  /** The absolute folder of the unpacked app, fetching and unpacking its archive if needed. */
  public CompletableFuture<Path> install(DataRef archive, DataCache.Fetcher fetcher) {
    String sha = archive.sha256();
    Path folder = root.resolve(sha);
    if (present.contains(sha)) {
      return CompletableFuture.completedFuture(folder);
    }
    CompletableFuture<Path> mine = new CompletableFuture<>();
    CompletableFuture<Path> other = inFlight.putIfAbsent(sha, mine);
    if (other != null) {
      return other;
    }
    CompletableFuture.supplyAsync(() -> Files.isDirectory(folder), blocking)
        .thenCompose(
            exists ->
                exists
                    ? CompletableFuture.completedFuture(folder)
                    : data.get(archive, fetcher)
                        .thenApplyAsync(zip -> unpack(zip, folder), blocking))
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
    return mine;
  }

  private Path unpack(Path zip, Path folder) {
    Path tmp = root.resolve(folder.getFileName() + TMP_MARK + UUID.randomUUID());
    try {
      extractor.extract(zip, tmp);
      try {
        Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        if (!Files.isDirectory(folder)) {
          throw e;
        }
        deleteTree(tmp);
      }
      log.info("Unpacked app [{}] into [{}]", folder.getFileName(), folder);
      return folder;
    } catch (IOException e) {
      try {
        deleteTree(tmp);
      } catch (IOException ignored) {
        log.warn("Cannot delete [{}]: {}", tmp, ignored.toString());
      }
      throw new CompletionException(e);
    }
  }

  /** Deletes half-unpacked folders left by a crash. Blocking; call at start. */
  public void removeTemporaryFolders() throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, "*" + TMP_MARK + "*")) {
      for (Path p : ds) {
        deleteTree(p);
      }
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var walk = Files.walk(p)) {
      for (Path q : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(q);
      }
    }
  }
}
