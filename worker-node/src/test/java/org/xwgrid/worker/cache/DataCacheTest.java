package org.xwgrid.worker.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
