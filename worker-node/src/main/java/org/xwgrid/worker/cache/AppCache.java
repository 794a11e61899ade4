package org.xwgrid.worker.cache;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.worker.net.DispatcherException;

/**
 * Unpacked app packages: {@code <root>/<sha256 of the zip>/}. The zip comes from the {@link
 * DataCache}; it is unpacked ({@link ZipExtractor}, zip-slip safe) into a temporary folder that is
 * renamed into place, so a folder under a digest is always complete. Thread-safe.
 *
 * <p>The folders count in the {@link CacheBudget} of the data cache: an app in use is pinned by
 * the {@link CacheLease} of {@link #acquire} (it runs in place), the others may be evicted, least
 * recently used first. An evicted folder is first renamed aside ({@code <sha256>.evicted-<uuid>})
 * and then deleted, so an install never sees half a folder. Before unpacking, {@link DiskSpace}
 * checks the room for the sizes the zip declares; a full disk fails the install with a {@link
 * DiskFullException} and leaves no temporary folder.
 */
public final class AppCache {
  private static final Logger log = LoggerFactory.getLogger(AppCache.class);
  private static final String TMP_MARK = ".unpacking-";
  private static final String EVICTED_MARK = ".evicted-";

  private final Path root;
  private final DataCache data;
  private final ZipExtractor extractor;
  private final Executor blocking;
  private final CacheBudget budget;
  private final DiskSpace disk;
  private final ConcurrentHashMap<String, CompletableFuture<Path>> inFlight =
      new ConcurrentHashMap<>();

  private AppCache(Path root, DataCache data, ZipExtractor extractor, Executor blocking) {
    this.root = root;
    this.data = data;
    this.extractor = extractor;
    this.blocking = blocking;
    this.budget = data.budget();
    this.disk = data.disk();
  }

  /**
   * Apps in {@code root}, their zips from {@code data}, whose {@link CacheBudget} and {@link
   * DiskSpace} they share (it attaches to the budget as the {@link CacheKey.Kind#APP} cache).
   */
  public static AppCache create(
      Path root, DataCache data, ZipExtractor extractor, Executor blocking) throws IOException {
    Files.createDirectories(root);
    AppCache cache = new AppCache(root.toAbsolutePath().normalize(), data, extractor, blocking);
    data.budget().attach(CacheKey.Kind.APP, cache::detach);
    return cache;
  }

  public Path root() {
    return root;
  }

  /**
   * The absolute folder of the unpacked app, fetching and unpacking its archive if needed. The
   * folder is not pinned: under a size limit it may be evicted at any time; see {@link #acquire}.
   */
  public CompletableFuture<Path> install(DataRef archive, DataCache.Fetcher fetcher) {
    return acquire(archive, fetcher)
        .thenApply(
            lease -> {
              lease.close();
              return lease.path();
            });
  }

  /**
   * The absolute folder of the unpacked app, fetching and unpacking its archive if needed, pinned
   * (never evicted) until the lease is closed: hold it while the app runs. Fails with a {@link
   * DiskFullException} when the disk has no room for the zip or its content.
   */
  public CompletableFuture<CacheLease> acquire(DataRef archive, DataCache.Fetcher fetcher) {
    String sha = archive.sha256();
    if (!Hashes.isSha256(sha)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("not a sha256: " + sha));
    }
    CacheKey key = CacheKey.app(sha);
    Path folder = root.resolve(sha);
    return CacheLease.acquire(folder, budget, key, blocking, () -> fill(archive, fetcher, key, folder));
  }

  /** Unpacks (or finds on disk) the app of {@code key}, once for all concurrent requests. */
  private CompletableFuture<Path> fill(
      DataRef archive, DataCache.Fetcher fetcher, CacheKey key, Path folder) {
    String sha = key.sha256();
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
                    : data.acquire(archive, fetcher)
                        .thenApplyAsync(
                            zip -> {
                              try (zip) {
                                return unpack(zip.path(), folder);
                              }
                            },
                            blocking))
        .thenApply(
            p -> {
              try {
                budget.add(key, sizeOf(p));
              } catch (IOException e) {
                throw new CompletionException(e);
              }
              budget.enforce();
              return p;
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

  private Path unpack(Path zip, Path folder) {
    Path tmp = root.resolve(folder.getFileName() + TMP_MARK + UUID.randomUUID());
    try {
      disk.reserve(root, extractor.unpackedSize(zip), budget);
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
      throw new CompletionException(
          DiskSpace.asDiskFull(e, root, "unpacking of app " + folder.getFileName()));
    }
  }

  /**
   * Deletes half-unpacked folders left by a crash, and evicted folders not deleted yet. Blocking;
   * call at start.
   */
  public void removeTemporaryFolders() throws IOException {
    try (DirectoryStream<Path> ds =
        Files.newDirectoryStream(
            root, p -> p.getFileName().toString().contains(TMP_MARK) || p.getFileName().toString().contains(EVICTED_MARK))) {
      for (Path p : ds) {
        deleteTree(p);
      }
    }
  }

  /**
   * Counts the unpacked apps already on disk in the budget, last used when their folder was last
   * modified (a hit sets that time). Blocking; call at start, after {@link
   * #removeTemporaryFolders()}, then {@link CacheBudget#enforce()} once both caches are scanned.
   */
  public void scan() throws IOException {
    int n = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (Hashes.isSha256(name) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          budget.restore(CacheKey.app(name), sizeOf(p), Files.getLastModifiedTime(p).toMillis());
          n++;
        }
      }
    }
    log.info("{} unpacked apps in [{}]; the cache holds {} bytes", n, root, budget.total());
  }

  /**
   * The {@link CacheBudget.Deleter} of apps: renames the folder aside (at once, so that an install
   * does not find it), then deletes it.
   */
  private Runnable detach(String sha) throws IOException {
    Path folder = root.resolve(sha);
    Path aside = root.resolve(sha + EVICTED_MARK + UUID.randomUUID());
    try {
      Files.move(folder, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return null;
    }
    return () -> {
      try {
        deleteTree(aside);
      } catch (IOException e) {
        log.warn("Cannot delete the evicted app [{}]: {}", aside, e.toString());
      }
    };
  }

  /** The bytes of the regular files under {@code folder} (links not followed). */
  static long sizeOf(Path folder) throws IOException {
    try (Stream<Path> walk = Files.walk(folder)) {
      long total = 0;
      for (Path p : (Iterable<Path>) walk::iterator) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isRegularFile()) {
          total += a.size();
        }
      }
      return total;
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(q);
      }
    }
  }
}
