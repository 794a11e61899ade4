package org.xwgrid.worker.task;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.xwgrid.common.api.TaskLimits;
import org.xwgrid.common.crypto.Secp256k1Key;
import org.xwgrid.worker.cache.AppCache;
import org.xwgrid.worker.cache.CacheBudget;
import org.xwgrid.worker.cache.DiskSpace;
import org.xwgrid.worker.cache.DataCache;
import org.xwgrid.worker.cache.ZipExtractor;
import org.xwgrid.worker.exec.NativeExecutor;
import org.xwgrid.worker.exec.Sandbox;
import org.xwgrid.worker.net.TestingDispatcherApi;

/**
 * A real TaskRunner (plain processes) over a {@link TestingDispatcherApi}, in a temp folder, for a
 * worker of the given key (honest unless told otherwise).
 */
final class TestingTaskRunners implements AutoCloseable {
  final ExecutorService pool = Executors.newFixedThreadPool(8);
  final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  final TestingDispatcherApi api = new TestingDispatcherApi();
  static final Secp256k1Key KEY = key(0xa1);
  static final String ADDRESS = KEY.address();
  final TaskFolders folders;
  final HeldResults held;
  final TaskRunner runner;
  final TestingContainers containers = new TestingContainers(pool, timer);
  /** The worker's default limits: a pids limit only. */
  static final TaskLimits DEFAULTS = new TaskLimits(0, 0, 4096);

  TestingTaskRunners(Path dir) throws IOException {
    this(dir, KEY, Saboteur.NONE);
  }

  /** A fixed test key. */
  static Secp256k1Key key(int n) {
    return Secp256k1Key.of(BigInteger.valueOf(n));
  }

  TestingTaskRunners(Path dir, Secp256k1Key key, Saboteur saboteur) throws IOException {
    this(dir, key, saboteur, DiskSpace.create(0));
  }

  /** ... whose caches see the disk through {@code disk} (e.g. a nearly full one). */
  TestingTaskRunners(Path dir, DiskSpace disk) throws IOException {
    this(dir, KEY, Saboteur.NONE, disk);
  }

  private TestingTaskRunners(Path dir, Secp256k1Key key, Saboteur saboteur, DiskSpace disk) throws IOException {
    DataCache data =
        DataCache.create(dir.resolve("cache"), pool, 2, Duration.ofMillis(10), Duration.ofMillis(50), CacheBudget.unlimited(), disk);
    AppCache apps = AppCache.create(dir.resolve("apps"), data, ZipExtractor.create(1 << 20, 100), pool);
    folders = TaskFolders.create(dir.resolve("tasks"), pool);
    held = HeldResults.create(dir.resolve("held"), pool);
    runner =
        TaskRunner.create(
            api, data, apps, NativeExecutor.create(Sandbox.plain(), pool, timer, 4096), folders, pool, Duration.ofMinutes(1),
            held, key, saboteur, containers, DEFAULTS, 0);
  }

  @Override
  public void close() {
    pool.shutdownNow();
    timer.shutdownNow();
  }
}
