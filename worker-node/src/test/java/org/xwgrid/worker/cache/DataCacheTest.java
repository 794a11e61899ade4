package org.xwgrid.worker.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xwgrid.worker.cache.DiskFullException.bytes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.worker.TestingApps;

class DataCacheTest {
  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final byte[] good = "the real bytes".getBytes(StandardCharsets.UTF_8);
  private final DataRef ref = new DataRef(Hashes.sha256Hex(good), good.length, "in.txt");

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** A fetcher that writes the given answers in turn (the last one again when exhausted). */
  private static final class TestingFetcher implements DataCache.Fetcher {
    private final List<byte[]> answers;
    final AtomicInteger calls = new AtomicInteger();

    TestingFetcher(byte[]... answers) {
      this.answers = List.of(answers);
    }

    @Override
    public CompletableFuture<Path> fetch(DataRef data, Path target) {
      int n = calls.getAndIncrement();
      byte[] b = answers.get(Math.min(n, answers.size() - 1));
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              Thread.sleep(20);
              return Files.write(target, b);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          });
    }
  }

  private DataCache cache(int attempts) throws IOException {
    return DataCache.create(tmp.resolve("cache"), pool, attempts, Duration.ofMillis(10), Duration.ofMillis(50));
  }

  @Test
  void shouldStoreAVerifiedDownloadUnderItsDigestAndReuseIt() throws Exception {
    DataCache cache = cache(3);
    TestingFetcher fetcher = new TestingFetcher(good);
    Path p = cache.get(ref, fetcher).get(5, TimeUnit.SECONDS);
    assertEquals(tmp.resolve("cache").resolve(ref.sha256()), p);
    assertArrayEquals(good, Files.readAllBytes(p));
    assertFalse(Files.isWritable(p) && !isRoot(), "cached files are read-only");
    cache.get(ref, fetcher).get(5, TimeUnit.SECONDS);
    assertEquals(1, fetcher.calls.get());
    // A new cache over the same folder (a restarted worker) finds it too.
    cache(3).get(ref, fetcher).get(5, TimeUnit.SECONDS);
    assertEquals(1, fetcher.calls.get());
  }

  @Test
  void shouldRejectAndDeleteACorruptDownload() throws Exception {
    DataCache cache = cache(2);
    TestingFetcher fetcher = new TestingFetcher("tampered bytes".getBytes(StandardCharsets.UTF_8));
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> cache.get(ref, fetcher).get(5, TimeUnit.SECONDS));
    assertInstanceOf(CorruptDataException.class, e.getCause());
    assertEquals(2, fetcher.calls.get(), "a corrupt download is tried again, up to the attempts");
    try (Stream<Path> files = Files.list(tmp.resolve("cache"))) {
      assertEquals(List.of(), files.toList(), "neither the blob nor a temporary file is left");
    }
  }

  @Test
  void shouldRejectADownloadOfTheWrongSize() throws Exception {
    DataCache cache = cache(1);
    DataRef wrongSize = new DataRef(ref.sha256(), good.length + 1, "x");
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> cache.get(wrongSize, new TestingFetcher(good)).get(5, TimeUnit.SECONDS));
    assertInstanceOf(CorruptDataException.class, e.getCause());
    assertFalse(Files.exists(tmp.resolve("cache").resolve(ref.sha256())));
  }

  @Test
  void shouldRecoverWhenALaterAttemptIsGood() throws Exception {
    DataCache cache = cache(3);
    TestingFetcher fetcher = new TestingFetcher("garbage".getBytes(StandardCharsets.UTF_8), good);
    Path p = cache.get(ref, fetcher).get(5, TimeUnit.SECONDS);
    assertArrayEquals(good, Files.readAllBytes(p));
    assertEquals(2, fetcher.calls.get());
  }

  @Test
  void shouldShareOneDownloadBetweenConcurrentRequests() throws Exception {
    DataCache cache = cache(3);
    TestingFetcher fetcher = new TestingFetcher(good);
    List<CompletableFuture<Path>> all = Stream.generate(() -> cache.get(ref, fetcher)).limit(10).toList();
    for (CompletableFuture<Path> f : all) {
      assertTrue(Files.exists(f.get(5, TimeUnit.SECONDS)));
    }
    assertEquals(1, fetcher.calls.get());
  }

  @Test
  void shouldRemoveTemporaryFilesLeftByACrash() throws Exception {
    DataCache cache = cache(1);
    Files.writeString(tmp.resolve("cache").resolve(ref.sha256() + ".1234.part"), "half");
    cache.removeTemporaryFiles();
    try (Stream<Path> files = Files.list(tmp.resolve("cache"))) {
      assertEquals(0, files.count());
    }
  }

  // Size limit, pins, disk space.

  private static final int SIZE = 100;
  private static final long MIB = 1024 * 1024;

  /** {@value #SIZE} bytes that differ by {@code n}. */
  private static byte[] blob(int n) {
    byte[] b = new byte[SIZE];
    Arrays.fill(b, (byte) n);
    return b;
  }

  private static DataRef ref(byte[] bytes) {
    return new DataRef(Hashes.sha256Hex(bytes), bytes.length, "in");
  }

  private DataCache cache(CacheBudget budget, DiskSpace disk) throws IOException {
    return DataCache.create(tmp.resolve("cache"), pool, 3, Duration.ofMillis(10), Duration.ofMillis(50), budget, disk);
  }

  private DataCache cache(CacheBudget budget) throws IOException {
    return cache(budget, DiskSpace.create(0));
  }

  private Path fetch(DataCache cache, byte[] bytes) throws Exception {
    return cache.get(ref(bytes), new TestingFetcher(bytes)).get(5, TimeUnit.SECONDS);
  }

  private boolean cached(byte[] bytes) {
    return Files.exists(tmp.resolve("cache").resolve(Hashes.sha256Hex(bytes)));
  }

  /** The bytes of the files in the cache folder: what a test disk holds. */
  private long used() {
    try (Stream<Path> files = Files.list(tmp.resolve("cache"))) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> temporaryFiles() throws IOException {
    try (Stream<Path> files = Files.list(tmp.resolve("cache"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).toList();
    }
  }

  @Test
  void shouldEvictTheLeastRecentlyUsedBlobsBeyondTheLimit() throws Exception {
    CacheBudget budget = CacheBudget.create(2 * SIZE);
    DataCache cache = cache(budget);
    fetch(cache, blob(1));
    fetch(cache, blob(2));
    fetch(cache, blob(1));
    fetch(cache, blob(3));
    assertTrue(cached(blob(1)), "used after blob 2");
    assertFalse(cached(blob(2)), "the least recently used");
    assertTrue(cached(blob(3)));
    assertEquals(2 * SIZE, budget.total());
  }

  @Test
  void shouldKeepALeasedBlobUntilItIsClosed() throws Exception {
    CacheBudget budget = CacheBudget.create(SIZE);
    DataCache cache = cache(budget);
    CacheLease one = cache.acquire(ref(blob(1)), new TestingFetcher(blob(1))).get(5, TimeUnit.SECONDS);
    CacheLease two = cache.acquire(ref(blob(2)), new TestingFetcher(blob(2))).get(5, TimeUnit.SECONDS);
    assertTrue(cached(blob(1)) && cached(blob(2)), "both pinned: over the limit for now");
    assertEquals(2 * SIZE, budget.total());

    two.close();
    TestingApps.eventually(Duration.ofSeconds(5), () -> !cached(blob(2)), () -> "blob 2 is evicted once unpinned");
    assertTrue(cached(blob(1)), "still pinned, though older");
    one.close();
    one.close();
    fetch(cache, blob(3));
    assertFalse(cached(blob(1)), "unpinned, it goes at the next fill");
    assertEquals(SIZE, budget.total());
    assertArrayEquals(blob(3), Files.readAllBytes(tmp.resolve("cache").resolve(ref(blob(3)).sha256())));
  }

  @Test
  void shouldShareOneDownloadAndCountItOnceForConcurrentLeases() throws Exception {
    CacheBudget budget = CacheBudget.create(10 * SIZE);
    DataCache cache = cache(budget);
    TestingFetcher fetcher = new TestingFetcher(blob(1));
    List<CompletableFuture<CacheLease>> all =
        Stream.generate(() -> cache.acquire(ref(blob(1)), fetcher)).limit(10).toList();
    for (CompletableFuture<CacheLease> f : all) {
      f.get(5, TimeUnit.SECONDS).close();
    }
    assertEquals(1, fetcher.calls.get());
    assertEquals(SIZE, budget.total());
    assertEquals(List.of(CacheKey.blob(ref(blob(1)).sha256())), budget.leastRecentlyUsedFirst());
  }

  @Test
  void shouldRebuildTheBudgetFromDiskAtStart() throws Exception {
    DataCache first = cache(CacheBudget.unlimited());
    long now = System.currentTimeMillis();
    int[] ageInMinutes = {30, 0, 10};
    for (int i = 1; i <= 3; i++) {
      Path p = fetch(first, blob(i));
      Files.setLastModifiedTime(p, FileTime.fromMillis(now - ageInMinutes[i - 1] * 60_000L));
    }
    Files.writeString(tmp.resolve("cache").resolve("not-a-blob"), "ignored");

    CacheBudget budget = CacheBudget.create(2 * SIZE);
    DataCache restarted = cache(budget);
    restarted.scan();
    assertEquals(3 * SIZE, budget.total());
    budget.enforce();
    assertFalse(cached(blob(1)), "the oldest goes");
    assertTrue(cached(blob(2)) && cached(blob(3)));
    TestingFetcher fetcher = new TestingFetcher(blob(2));
    restarted.get(ref(blob(2)), fetcher).get(5, TimeUnit.SECONDS);
    assertEquals(0, fetcher.calls.get(), "a restored blob is a hit");
  }

  @Test
  void shouldFailWithDiskFullBeforeDownloadingWhenTheDiskIsNearlyFull() throws Exception {
    DataCache cache = cache(CacheBudget.unlimited(), DiskSpace.create(256 * MIB, dir -> 120 * MIB));
    DataRef large = new DataRef(ref.sha256(), 500 * MIB, "large.bin");
    TestingFetcher fetcher = new TestingFetcher(good);
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> cache.acquire(large, fetcher).get(5, TimeUnit.SECONDS));
    DiskFullException full = assertInstanceOf(DiskFullException.class, e.getCause());
    assertEquals(
        "disk full: 120 MiB free under " + tmp.resolve("cache") + ", 500 MiB needed plus a 256 MiB reserve",
        full.getMessage());
    assertEquals(0, fetcher.calls.get(), "not even tried");
    assertEquals(List.of(), temporaryFiles());
  }

  @Test
  void shouldEvictUnpinnedBlobsToMakeRoomOnDisk() throws Exception {
    // A 300-byte disk holding nothing but the cache, of which 50 bytes stay free.
    CacheBudget budget = CacheBudget.unlimited();
    DataCache cache = cache(budget, DiskSpace.create(50, dir -> 300 - used()));
    fetch(cache, blob(1));
    fetch(cache, blob(2));
    fetch(cache, blob(1));
    fetch(cache, blob(3));
    assertFalse(cached(blob(2)), "the least recently used made room");
    assertTrue(cached(blob(1)) && cached(blob(3)));

    try (CacheLease one = cache.acquire(ref(blob(1)), new TestingFetcher(blob(1))).get(5, TimeUnit.SECONDS);
        CacheLease three = cache.acquire(ref(blob(3)), new TestingFetcher(blob(3))).get(5, TimeUnit.SECONDS)) {
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> fetch(cache, blob(4)));
      assertInstanceOf(DiskFullException.class, e.getCause());
      assertEquals(
          "disk full: 100 bytes free under " + tmp.resolve("cache") + ", 100 bytes needed plus a 50 bytes reserve",
          e.getCause().getMessage());
      assertTrue(cached(blob(1)) && cached(blob(3)), "pinned blobs are not evicted for room");
    }
    assertEquals(List.of(), temporaryFiles());
  }

  @Test
  void shouldTurnNoSpaceLeftOnDeviceIntoDiskFullWithoutRetrying() throws Exception {
    DataCache cache = cache(CacheBudget.unlimited());
    AtomicInteger calls = new AtomicInteger();
    DataCache.Fetcher full =
        (data, target) -> {
          calls.incrementAndGet();
          return CompletableFuture.supplyAsync(
              () -> {
                try {
                  Files.write(target, Arrays.copyOf(good, 3));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
                throw new UncheckedIOException(new IOException("No space left on device"));
              },
              pool);
        };
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> cache.acquire(ref, full).get(5, TimeUnit.SECONDS));
    DiskFullException d = assertInstanceOf(DiskFullException.class, e.getCause());
    assertTrue(d.getMessage().startsWith("disk full: no space left on device under " + tmp.resolve("cache")), d.getMessage());
    assertEquals(1, calls.get(), "a full disk is not transient");
    try (Stream<Path> files = Files.list(tmp.resolve("cache"))) {
      assertEquals(List.of(), files.toList(), "the partial file is deleted");
    }
  }

  @Test
  void shouldWriteSizesForPeople() {
    assertEquals("512 bytes", bytes(512));
    assertEquals("1 KiB", bytes(1024));
    assertEquals("120 MiB", bytes(120 * MIB));
    assertEquals("1.5 GiB", bytes(1536 * MIB));
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
