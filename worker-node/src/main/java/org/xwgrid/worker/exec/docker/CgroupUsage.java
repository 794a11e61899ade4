package org.xwgrid.worker.exec.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exact CPU time and peak memory of one container on a local engine with cgroup v1 (cgroupfs
 * driver): the container gets a parent cgroup of its own ({@code --cgroup-parent /<name>}); the
 * engine deletes the container's cgroup when it exits, but the parent keeps the totals ({@code
 * cpuacct.usage} is charged to every ancestor, {@code memory.max_usage_in_bytes} is
 * hierarchical), so they can be read after the end, and the parent is then removed from every
 * hierarchy. {@code memory.max_usage_in_bytes} counts what the kernel charges the task: its
 * memory, its {@code /tmp} and the page cache of the files it writes.
 */
final class CgroupUsage {
  private static final Logger log = LoggerFactory.getLogger(CgroupUsage.class);
  static final Path ROOT = Path.of("/sys/fs/cgroup");
  private static final int REMOVE_TRIES = 5;

  private final Path root;
  private final String name;

  CgroupUsage(Path root, String name) {
    this.root = root;
    this.name = name;
  }

  /** True if cgroup v1 cpuacct and memory hierarchies are mounted under {@code root} and this process may create groups there. */
  static boolean usable(Path root) {
    return Files.isRegularFile(root.resolve("cpuacct/cpuacct.usage"))
        && Files.isRegularFile(root.resolve("memory/memory.max_usage_in_bytes"))
        && Files.isWritable(root.resolve("cpuacct"))
        && Files.isWritable(root.resolve("memory"));
  }

  /** The {@code CgroupParent} to give the engine. */
  String parent() {
    return "/" + name;
  }

  /** True once the engine has created the parent (it runs on this kernel). */
  boolean present() {
    return Files.isDirectory(root.resolve("cpuacct").resolve(name), LinkOption.NOFOLLOW_LINKS);
  }

  /** CPU time (user and system) of everything the container ran, in ms; -1 if unreadable. */
  long cpuMs() {
    long ns = read(root.resolve("cpuacct").resolve(name).resolve("cpuacct.usage"));
    return ns < 0 ? -1 : ns / 1_000_000L;
  }

  /** Highest memory charged to the container, in bytes; -1 if unreadable. */
  long peakMemoryBytes() {
    return read(root.resolve("memory").resolve(name).resolve("memory.max_usage_in_bytes"));
  }

  /** Removes the parent from every hierarchy (it must hold no process any more). */
  void remove() {
    removeFromEveryHierarchy(root, name);
  }

  /** CPU nanoseconds of the groups whose name starts with {@code prefix} now (0 if none or unreadable). */
  static long cpuNanosOf(Path root, String prefix) {
    long total = 0;
    try (java.nio.file.DirectoryStream<Path> groups = Files.newDirectoryStream(root.resolve("cpuacct"), prefix + "*")) {
      for (Path g : groups) {
        total += Math.max(0, read(g.resolve("cpuacct.usage")));
      }
    } catch (IOException e) {
      log.debug("Cannot list [{}]: {}", root.resolve("cpuacct"), e.toString());
    }
    return total;
  }

  /** Removes the groups whose name starts with {@code prefix} (left by a crash); returns how many. */
  static int sweep(Path root, String prefix) {
    int removed = 0;
    try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(root)) {
      for (Path h : hierarchies) {
        try (DirectoryStream<Path> groups = Files.newDirectoryStream(h, prefix + "*")) {
          for (Path g : groups) {
            if (rmdir(g)) {
              removed++;
            }
          }
        } catch (IOException e) {
          log.debug("Cannot list [{}]: {}", h, e.toString());
        }
      }
    } catch (IOException e) {
      log.debug("Cannot list [{}]: {}", root, e.toString());
    }
    return removed;
  }

  private static void removeFromEveryHierarchy(Path root, String name) {
    try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(root)) {
      for (Path h : hierarchies) {
        rmdir(h.resolve(name));
      }
    } catch (IOException e) {
      log.debug("Cannot list [{}]: {}", root, e.toString());
    }
  }

  /** rmdir of a cgroup; retried briefly, as the engine may still be tearing the container's group down. */
  private static boolean rmdir(Path group) {
    for (int i = 1; ; i++) {
      if (!Files.isDirectory(group, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      try {
        Files.delete(group);
        return true;
      } catch (NoSuchFileException e) {
        return false;
      } catch (IOException e) {
        if (i >= REMOVE_TRIES) {
          log.warn("Cannot remove cgroup [{}]: {}", group, e.toString());
          return false;
        }
        try {
          Thread.sleep(20L * i);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  private static long read(Path file) {
    try {
      return Long.parseLong(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).strip());
    } catch (IOException | NumberFormatException e) {
      log.debug("Cannot read [{}]: {}", file, e.toString());
      return -1;
    }
  }
}
