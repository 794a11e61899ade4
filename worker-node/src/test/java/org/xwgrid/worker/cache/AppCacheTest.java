package org.xwgrid.worker.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.worker.TestingApps;

class AppCacheTest {
  private static final int CONTENT = 1000;

  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(8);
  private final AtomicInteger fetches = new AtomicInteger();
  /** The data cache under the last app cache made. */
  private DataCache data;

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** An app zip: {@code run.bin}, {@value #CONTENT} incompressible bytes drawn from {@code seed}. */
  private record App(DataRef ref, byte[] zip, byte[] content) {
    static App of(int seed) throws IOException {
      byte[] content = new byte[CONTENT];
      new Random(seed).nextBytes(content);
      return zipOf(content);
    }

    static App zipOf(byte[] content) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ZipOutputStream z = new ZipOutputStream(bytes)) {
        z.putNextEntry(new ZipEntry("bin/run.bin"));
        z.write(content);
        z.closeEntry();
      }
      byte[] zip = bytes.toByteArray();
      return new App(new DataRef(Hashes.sha256Hex(zip), zip.length, "app.zip"), zip, content);
    }
  }

  /** Serves the zip of {@code app}, counting the calls. */
  private DataCache.Fetcher fetcher(App app) {
    return (data, target) -> {
      fetches.incrementAndGet();
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              return Files.write(target, app.zip());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          },
          pool);
    };
  }

  private AppCache apps(CacheBudget budget, DiskSpace disk) throws IOException {
    data =
        DataCache.create(tmp.resolve("cache"), pool, 1, Duration.ofMillis(10), Duration.ofMillis(50), budget, disk);
    return AppCache.create(tmp.resolve("apps"), data, ZipExtractor.create(4 << 20, 100), pool);
  }

  private AppCache apps(CacheBudget budget) throws IOException {
    return apps(budget, DiskSpace.create(0));
  }

  private CacheLease acquire(AppCache apps, App app) throws Exception {
    return apps.acquire(app.ref(), fetcher(app)).get(5, TimeUnit.SECONDS);
  }

  private Path folder(App app) {
    return tmp.resolve("apps").resolve(app.ref().sha256()).toAbsolutePath();
  }

  private List<String> appsFolder() throws IOException {
    try (Stream<Path> s = Files.list(tmp.resolve("apps"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void shouldUnpackOnceAndReuseTheFolder() throws Exception {
    AppCache apps = apps(CacheBudget.unlimited());
    App a = App.of(1);
    List<CompletableFuture<CacheLease>> all = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      all.add(apps.acquire(a.ref(), fetcher(a)));
    }
    for (CompletableFuture<CacheLease> f : all) {
      try (CacheLease lease = f.get(5, TimeUnit.SECONDS)) {
        assertEquals(folder(a), lease.path());
        assertArrayEquals(a.content(), Files.readAllBytes(lease.path().resolve("bin/run.bin")));
      }
    }
    assertEquals(folder(a), apps.install(a.ref(), fetcher(a)).get(5, TimeUnit.SECONDS));
    assertEquals(1, fetches.get(), "one download and one unpack for all");
    assertEquals(List.of(a.ref().sha256()), appsFolder());
  }

  @Test
  void shouldEvictAnUnusedAppButNeverALeasedOne() throws Exception {
    App a = App.of(1);
    // Room for one app and one zip, not for two apps.
    long limit = CONTENT + a.zip().length + CONTENT / 2;
    CacheBudget budget = CacheBudget.create(limit);
    AppCache apps = apps(budget);
    CacheLease running = acquire(apps, a);
    for (int seed = 2; seed <= 4; seed++) {
      acquire(apps, App.of(seed)).close();
      assertTrue(Files.isRegularFile(folder(a).resolve("bin/run.bin")), "the running app stays");
    }
    TestingApps.eventually(
        Duration.ofSeconds(5),
        () -> budget.total() <= 2 * CONTENT,
        () -> "only the pinned app and the last one are left, not " + budget.leastRecentlyUsedFirst());

    running.close();
    App e = App.of(5);
    acquire(apps, e).close();
    assertFalse(Files.exists(folder(a)), "unpinned, the least recently used app goes");
    assertTrue(budget.total() <= limit, budget.total() + " bytes");
    TestingApps.eventually(
        Duration.ofSeconds(5),
        () -> uncheck(() -> appsFolder().stream().noneMatch(n -> n.contains("."))),
        () -> "no folder set aside or half unpacked is left: " + uncheck(this::appsFolder));
  }

  @Test
  void shouldRebuildTheBudgetFromTheAppsOnDisk() throws Exception {
    App old = App.of(1);
    App recent = App.of(2);
    AppCache first = apps(CacheBudget.unlimited());
    acquire(first, old).close();
    acquire(first, recent).close();
    Files.setLastModifiedTime(folder(old), FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
    Files.createDirectories(tmp.resolve("apps").resolve(old.ref().sha256() + ".unpacking-1234/bin"));
    Files.createDirectories(tmp.resolve("apps").resolve(old.ref().sha256() + ".evicted-5678/bin"));

    CacheBudget budget = CacheBudget.create(CONTENT + CONTENT / 2);
    AppCache restarted = apps(budget);
    restarted.removeTemporaryFolders();
    data.scan();
    restarted.scan();
    assertEquals(2 * CONTENT + old.zip().length + recent.zip().length, budget.total());
    budget.enforce();
    assertEquals(List.of(recent.ref().sha256()), appsFolder(), "the oldest app and both zips went");
    assertEquals(CONTENT, budget.total());
    acquire(restarted, recent).close();
    assertEquals(2, fetches.get(), "a restored app is a hit");
  }

  @Test
  void shouldFailWithDiskFullBeforeUnpackingWhatDoesNotFit() throws Exception {
    App zeros = App.zipOf(new byte[1 << 20]);
    AppCache apps = apps(CacheBudget.unlimited(), DiskSpace.create(0, dir -> 100_000));
    ExecutionException e = assertThrows(ExecutionException.class, () -> acquire(apps, zeros));
    DiskFullException full = assertInstanceOf(DiskFullException.class, e.getCause());
    assertEquals(
        "disk full: 97.7 KiB free under " + tmp.resolve("apps").toAbsolutePath() + ", 1 MiB needed plus a 0 bytes reserve",
        full.getMessage());
    assertEquals(List.of(), appsFolder(), "no temporary folder is left");
    assertEquals(1, fetches.get(), "the small zip was downloaded");
  }

  @Test
  void shouldNeverShowHalfAFolderWhileAppsComeAndGo() throws Exception {
    App a = App.of(1);
    App b = App.of(2);
    CacheBudget budget = CacheBudget.create(CONTENT + CONTENT / 2);
    AppCache apps = apps(budget);
    AtomicInteger evictions = new AtomicInteger();
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService users = Executors.newFixedThreadPool(5);
    try {
      // Disk pressure: evicts whatever is not in use, as fast as it can.
      users.submit(
          () -> {
            while (!done.get()) {
              if (budget.evictOne()) {
                evictions.incrementAndGet();
              }
              Thread.sleep(1);
            }
            return null;
          });
      List<Future<?>> runs = new ArrayList<>();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      for (int t = 0; t < 4; t++) {
        App app = t % 2 == 0 ? a : b;
        runs.add(
            users.submit(
                () -> {
                  for (int i = 0; i < 5 || (evictions.get() < 5 && System.nanoTime() < end); i++) {
                    try (CacheLease lease = acquire(apps, app)) {
                      assertArrayEquals(app.content(), Files.readAllBytes(lease.path().resolve("bin/run.bin")));
                    }
                    Thread.sleep(2);
                  }
                  return null;
                }));
      }
      for (Future<?> f : runs) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      done.set(true);
      users.shutdownNow();
    }
    assertTrue(evictions.get() >= 5, "apps and zips were evicted while in demand: " + evictions.get());
    assertTrue(fetches.get() > 2, "and installed again: " + fetches.get());
  }

  private interface IoSupplier<T> {
    T get() throws IOException;
  }

  private static <T> T uncheck(IoSupplier<T> s) {
    try {
      return s.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
