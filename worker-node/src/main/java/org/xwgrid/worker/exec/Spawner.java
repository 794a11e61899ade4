package org.xwgrid.worker.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread of this process that lives in one task cgroup (v1, which lets a single thread change
 * groups) and starts the processes of the group's tasks, which are so born in it. Moving a thread
 * or a process between cgroups makes the kernel wait for an RCU grace period and stops every fork
 * on the host meanwhile; this thread moves once, when the group is made, instead of twice per
 * task.
 *
 * <p>What it costs: it counts as one process for the group's pids limit (written one higher), the
 * CPU of a spawn is the task's, and it is frozen with the group, idle. A thread it makes while it
 * spawns (the JDK's "process reaper") is moved back to this process's groups ({@code homes}); the
 * group's tasks are only read for that when the JVM started a thread during the spawn.
 */
final class Spawner {
  private static final Logger log = LoggerFactory.getLogger(Spawner.class);
  private static final Path OWN_THREADS = Path.of("/proc/self/task");
  private static final long STOP_WAIT_SECONDS = 5;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final ExecutorService thread;
  private final Map<String, Path> dirs;
  private final Map<String, Path> homes;
  private final String tid;

  private Spawner(ExecutorService thread, Map<String, Path> dirs, Map<String, Path> homes, String tid) {
    this.thread = thread;
    this.dirs = dirs;
    this.homes = homes;
    this.tid = tid;
  }

  /**
   * A new thread in the group {@code dirs} (by controller; {@code homes}: this process's groups).
   * Blocking.
   */
  static Spawner start(String name, Map<String, Path> dirs, Map<String, Path> homes) throws IOException {
    ExecutorService thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "xw-cgroup-" + name);
              t.setDaemon(true);
              return t;
            });
    try {
      String tid =
          await(
              thread.submit(
                  () -> {
                    String own = threadId();
                    for (Path d : new LinkedHashSet<>(dirs.values())) {
                      CgroupFiles.write(d.resolve("tasks"), own);
                    }
                    return own;
                  }));
      return new Spawner(thread, dirs, homes, tid);
    } catch (IOException | RuntimeException e) {
      thread.shutdownNow();
      throw e;
    }
  }

  /** Starts {@code pb}'s process from the group's thread. Blocking. */
  Process start(ProcessBuilder pb) throws IOException {
    return await(
        thread.submit(
            () -> {
              long started = THREADS.getTotalStartedThreadCount();
              Process p = PosixSpawn.start(pb);
              if (THREADS.getTotalStartedThreadCount() != started) {
                returnStrays(); // a thread was born meanwhile, maybe here (most spawns make none)
              }
              return p;
            }));
  }

  /** Ends the thread (and so takes it out of the group). Blocking. */
  void stop() throws IOException {
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IOException("the spawner thread " + tid + " did not stop");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Moves the threads of this process, other than this one, out of the group, to {@code homes}. */
  private void returnStrays() {
    Set<Path> done = new HashSet<>();
    for (Map.Entry<String, Path> c : dirs.entrySet()) {
      Path home = homes.get(c.getKey());
      if (!done.add(c.getValue()) || home == null) {
        continue; // co-mounted controllers share the folder
      }
      try {
        for (Long t : CgroupFiles.pids(c.getValue().resolve("tasks"))) {
          String other = t.toString();
          if (!other.equals(tid) && Files.exists(OWN_THREADS.resolve(other))) {
            CgroupFiles.write(home.resolve("tasks"), other);
          }
        }
      } catch (IOException e) {
        log.warn("Cannot move this worker's threads out of {}: {}", c.getValue(), e.toString());
      }
    }
  }

  private static <T> T await(java.util.concurrent.Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The calling thread's id in the kernel (its {@code /proc/thread-self}). */
  private static String threadId() {
    try {
      return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
