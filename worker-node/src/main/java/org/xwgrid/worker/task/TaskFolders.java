package org.xwgrid.worker.task;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.common.api.ReplicaRef;

/**
 * The folders of replicas: {@code <root>/<jobId>-<index>-<attempt>/{input,output}}, plus the logs
 * and the result zip. A folder lives until the dispatcher has acknowledged its report.
 *
 * <p>Settled folders are emptied and renamed into {@code <root>/.free/} (up to a few dozen), and
 * the next replica renames one into place: creating and removing three folders per task costs more
 * than the task itself on some file systems (ext4 with online discard: ~0.4 ms per {@code rmdir}).
 */
public final class TaskFolders {
  private static final Logger log = LoggerFactory.getLogger(TaskFolders.class);
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
  public static final String RESULT_ZIP = "result.zip";

  private static final String FREE = ".free";
  private static final String EMPTY_ZIP = ".empty.zip";
  private static final java.util.Set<String> KEPT_LOGS = java.util.Set.of("stdout.log", "stderr.log");
  private static final int MAX_FREE = 64;
  /**
   * Whatever the umask: the task user (uid 65534 under a root worker) reads the inputs; the
   * sandbox gives it the output folder.
   */
  private static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

  private final Path root;
  private final Path free;
  private final Executor blocking;
  private final ConcurrentLinkedQueue<Path> spare = new ConcurrentLinkedQueue<>();
  private final AtomicInteger spareCount = new AtomicInteger();
  private final AtomicLong spareNames = new AtomicLong();

  private TaskFolders(Path root, Executor blocking) {
    this.root = root;
    this.free = root.resolve(FREE);
    this.blocking = blocking;
  }

  public static TaskFolders create(Path root, Executor blocking) throws IOException {
    Files.createDirectories(root);
    Path r = root.toAbsolutePath().normalize();
    ResultArchive.writeEmpty(r.resolve(EMPTY_ZIP));
    return new TaskFolders(r, blocking);
  }

  /**
   * The result zip of a settled replica: {@code result.zip} in its folder, or the one shared empty
   * zip when the output was empty (nothing is written per task then).
   */
  public Path resultZip(String folder, String sha256) {
    return ResultArchive.EMPTY_ZIP_SHA256.equals(sha256)
        ? root.resolve(EMPTY_ZIP)
        : path(folder).resolve(RESULT_ZIP);
  }

  /** The folder name of a replica; characters other than letters, digits, '.', '_', '-' become '_'. */
  public static String nameOf(ReplicaRef r) {
    String job = UNSAFE.matcher(r.jobId()).replaceAll("_");
    if (job.isEmpty() || job.startsWith(".")) {
      job = "_" + job;
    }
    if (job.length() > 100) {
      job = job.substring(0, 100);
    }
    return job + "-" + r.taskIndex() + "-" + r.attempt();
  }

  /** The replica a task folder name stands for (job ids of UUIDs survive {@link #nameOf} unchanged). */
  public static java.util.Optional<ReplicaRef> replicaOf(String name) {
    java.util.regex.Matcher m = name == null ? null : FOLDER.matcher(name);
    if (m == null || !m.matches()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new ReplicaRef(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
  }

  private static final java.util.regex.Pattern FOLDER = java.util.regex.Pattern.compile("([0-9a-f-]{1,100})-(\\d{1,9})-(\\d{1,9})");

  public Path path(String name) {
    Path p = root.resolve(name).normalize();
    if (!p.getParent().equals(root)) {
      throw new IllegalArgumentException("not a task folder name: " + name);
    }
    return p;
  }

  /** A fresh folder for a replica with empty {@code input/} and {@code output/}. Blocking. */
  public Path prepare(ReplicaRef r) throws IOException {
    Path dir = path(nameOf(r));
    if (Files.exists(dir)) { // Files.exists without options throws no exception inside: the usual case costs nothing
      deleteTree(dir);
    }
    for (Path s; (s = spare.poll()) != null; ) {
      spareCount.decrementAndGet();
      try {
        Files.move(s, dir);
        return dir;
      } catch (IOException e) {
        log.debug("Cannot reuse [{}]: {}", s, e.toString());
        deleteTree(s);
      }
    }
    Files.createDirectories(dir.resolve("input"));
    Files.createDirectory(dir.resolve("output"));
    for (Path p : new Path[] {dir, dir.resolve("input"), dir.resolve("output")}) {
      Files.setPosixFilePermissions(p, FOLDER_MODE);
    }
    return dir;
  }

  /** Empties a settled folder and keeps it for reuse, or deletes it when enough are kept. */
  private void recycle(String name) throws IOException {
    Path dir = path(name);
    if (spareCount.get() >= MAX_FREE || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      deleteTree(dir);
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path child : ds) {
        String n = child.getFileName().toString();
        if ((n.equals("input") || n.equals("output"))
            && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          empty(child);
        } else if (KEPT_LOGS.contains(n)
            && Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)
            && Files.size(child) == 0) {
          // An empty log is kept: the next task's redirect truncates it instead of a new file.
        } else {
          deleteTree(child);
        }
      }
    }
    if (!Files.isDirectory(dir.resolve("input"), LinkOption.NOFOLLOW_LINKS)
        || !Files.isDirectory(dir.resolve("output"), LinkOption.NOFOLLOW_LINKS)) {
      deleteTree(dir);
      return;
    }
    if (!Files.isDirectory(free)) {
      Files.createDirectories(free);
    }
    Path target = free.resolve(Long.toString(spareNames.incrementAndGet()));
    Files.move(dir, target);
    spare.add(target);
    spareCount.incrementAndGet();
  }

  private static void empty(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path child : ds) {
        deleteTree(child);
      }
    }
  }

  /** Deletes a task folder on the blocking pool. */
  public CompletableFuture<Void> deleteAsync(String name) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            recycle(name);
          } catch (IOException | RuntimeException e) {
            log.warn("Cannot delete task folder [{}]: {}", name, e.toString());
          }
        },
        blocking);
  }

  /** Deletes task folders on the blocking pool, in one go. */
  public CompletableFuture<Void> deleteAsync(java.util.Collection<String> names) {
    if (names.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    java.util.List<String> copy = java.util.List.copyOf(names);
    return CompletableFuture.runAsync(
        () -> {
          for (String name : copy) {
            try {
              recycle(name);
            } catch (IOException | RuntimeException e) {
              log.warn("Cannot delete task folder [{}]: {}", name, e.toString());
            }
          }
        },
        blocking);
  }

  /**
   * Deletes every task folder but those named (left by a crash), and the spare ones. Blocking;
   * call at start.
   */
  public int removeAllExcept(Set<String> keep) throws IOException {
    int n = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.equals(EMPTY_ZIP)) {
          continue;
        } else if (name.equals(FREE)) {
          deleteTree(p);
        } else if (!keep.contains(name)) {
          deleteTree(p);
          n++;
        }
      }
    }
    return n;
  }

  /** Deletes a file or a folder tree, not following links; nothing if it does not exist. */
  public static void deleteTree(Path p) throws IOException {
    try {
      Files.delete(p);
      return;
    } catch (NoSuchFileException e) {
      return;
    } catch (DirectoryNotEmptyException e) {
      // a folder with content: below
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
      for (Path child : ds) {
        if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          deleteTree(child);
        } else {
          Files.deleteIfExists(child);
        }
      }
    }
    Files.deleteIfExists(p);
  }
}
