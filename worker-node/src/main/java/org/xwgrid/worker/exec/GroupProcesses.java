package org.xwgrid.worker.exec;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** Kills every process of a cgroup and removes its directories; shared by both versions. */
final class GroupProcesses {
  private static final long KILL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

  private GroupProcesses() {}

  /** The pids listed in any of {@code procsFiles}. */
  static TreeSet<Long> pids(List<Path> procsFiles) throws IOException {
    TreeSet<Long> pids = new TreeSet<>();
    for (Path p : procsFiles) {
      pids.addAll(CgroupFiles.pids(p));
    }
    return pids;
  }

  /**
   * SIGKILLs every process of {@code group} (frozen meanwhile when it can be, so that nothing forks
   * between the listing and the kill; thawed after, as a frozen process dies only once thawed)
   * until the group is empty.
   */
  static void killAll(TaskCgroup group) throws IOException {
    long self = ProcessHandle.current().pid();
    long deadline = System.nanoTime() + KILL_WAIT_NANOS;
    for (int round = 0; ; round++) {
      TreeSet<Long> pids = pids(group.procsFiles());
      pids.remove(self);
      if (pids.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("processes " + pids + " are still in " + group.dirs().get(0) + " after SIGKILL");
      }
      boolean frozen = false;
      if (group.freezable()) {
        try {
          group.freeze();
          frozen = true;
        } catch (IOException e) {
          // killed unfrozen: more rounds catch what forks meanwhile
        }
      }
      for (long pid : pids) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
      if (frozen) {
        group.thaw();
      }
      sleep(Math.min(50, 1L << Math.min(round, 6)));
    }
  }

  /** Removes the group's directories (rmdir; retried while the last processes exit). */
  static void rmdirs(List<Path> dirs) throws IOException {
    long deadline = System.nanoTime() + KILL_WAIT_NANOS;
    for (Path d : dirs) {
      while (true) {
        try {
          Files.delete(d);
          break;
        } catch (NoSuchFileException e) {
          break;
        } catch (DirectoryNotEmptyException e) {
          throw new IOException("cannot remove " + d + ": it has child groups or is not a cgroup", e);
        } catch (FileSystemException e) {
          // EBUSY: a process has not left yet
          if (System.nanoTime() > deadline) {
            throw new IOException("cannot remove " + d + ": " + e.getMessage(), e);
          }
          sleep(10);
        }
      }
    }
  }

  private static void sleep(long ms) throws IOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
