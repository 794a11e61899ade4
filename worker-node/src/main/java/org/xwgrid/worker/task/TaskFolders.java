package org.xwgrid.worker.task;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
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
 * The folders replicas run in: {@code <root>/t<n>/{input,output}}, plus the logs and the result
 * zip. A folder is lent to one replica at a time ({@link #prepare}); it serves the next one once
 * the dispatcher has acknowledged the replica's report ({@link #deleteAsync}: emptied, then lent
 * again), or at once when nothing in it is needed any more ({@link #reuseIfClean}: a task that
 * took no input and wrote no output, the usual short task).
 *
 * <p>Folders are kept and lent again (up to {@value #MAX_FREE} idle ones), never renamed: making
 * and removing three folders per task cost more than the task itself (ext4 with online discard:
 * ~0.4 ms per {@code rmdir}; a new inode makes ext4 scan its inode table), and so did renaming
 * folders in and out of a spare folder (a rename looks both names up, a linear scan of each
 * directory's blocks). A folder's name says nothing of its replica: reports, held results and
 * containers name the replica themselves ({@link #nameOf}).
 */
public final class TaskFolders {
  private static final Logger log = LoggerFactory.getLogger(TaskFolders.class);
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
  public static final String RESULT_ZIP = "result.zip";

  private static final String EMPTY_ZIP = ".empty.zip";
  private static final String INPUT = "input";
  private static final String OUTPUT = "output";
  private static final java.util.Set<String> KEPT_LOGS = java.util.Set.of("stdout.log", "stderr.log");
  /**
   * Idle folders kept: a report acknowledges a batch of ~100 short tasks at once, and their
   * folders must all be kept for the next ones to be lent, not made anew (a new inode costs ext4
   * a scan of its inode table). Three empty inodes each.
   */
  private static final int MAX_FREE = 1024;
  /**
   * Whatever the umask: the task user (uid 65534 under a root worker) reads the inputs; the
   * sandbox gives it the output folder.
   */
  private static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

  private final Path root;
  private final Executor blocking;
  private final ConcurrentLinkedQueue<Path> spare = new ConcurrentLinkedQueue<>();
  private final AtomicInteger spareCount = new AtomicInteger();
  private final AtomicLong names = new AtomicLong();

  private TaskFolders(Path root, Executor blocking) {
    this.root = root;
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
    String job = r.jobId();
    for (int i = 0; i < job.length(); i++) {
      char c = job.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')) {
        job = UNSAFE.matcher(job).replaceAll("_"); // job ids are UUIDs: this is the rare case
        break;
      }
    }
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

  /**
   * A folder for a replica's task, with empty {@code input/} and {@code output/}: an idle one, or
   * a new one. Blocking.
   */
  public Path prepare() throws IOException {
    Path idle = spare.poll();
    if (idle != null) {
      spareCount.decrementAndGet();
      return idle;
    }
    while (true) {
      Path dir = root.resolve("t" + names.incrementAndGet());
      try {
        Files.createDirectory(dir);
      } catch (FileAlreadyExistsException e) {
        continue; // kept from an earlier run (a report still to deliver)
      }
      Files.createDirectory(dir.resolve(INPUT));
      Files.createDirectory(dir.resolve(OUTPUT));
      for (Path p : new Path[] {dir, dir.resolve(INPUT), dir.resolve(OUTPUT)}) {
        Files.setPosixFilePermissions(p, FOLDER_MODE);
      }
      return dir;
    }
  }

  /**
   * Lends the folder of a replica that has ended again at once, if nothing in it is needed: its
   * processes are gone, and it holds nothing but empty {@code input/} and {@code output/} and the
   * two logs (which the next task's redirects truncate), all what they were made as (folders and
   * files, not links a task put in their place). Blocking; false if it holds anything else (it is
   * then emptied when its report is settled).
   */
  public boolean reuseIfClean(Path dir) {
    try {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path child : ds) {
          String n = child.getFileName().toString();
          boolean expected =
              (n.equals(INPUT) || n.equals(OUTPUT))
                  ? Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
                  : KEPT_LOGS.contains(n) && Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS);
          if (!expected) {
            return false;
          }
        }
      }
      if (!isEmpty(dir.resolve(OUTPUT)) || !isEmpty(dir.resolve(INPUT))) {
        return false;
      }
    } catch (IOException e) {
      return false;
    }
    idle(dir);
    return true;
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      return !ds.iterator().hasNext();
    }
  }

  /** Keeps an empty folder for the next replica, or deletes it when enough are idle. */
  private void idle(Path dir) {
    if (spareCount.incrementAndGet() > MAX_FREE) {
      spareCount.decrementAndGet();
      try {
        deleteTree(dir);
      } catch (IOException e) {
        log.warn("Cannot delete task folder [{}]: {}", dir.getFileName(), e.toString());
      }
      return;
    }
    spare.add(dir);
  }

  /** Empties a settled folder and keeps it for the next replica, or deletes it when enough are idle. */
  private void recycle(String name) throws IOException {
    Path dir = path(name);
    if (spareCount.get() >= MAX_FREE || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      deleteTree(dir);
      return;
    }
    boolean input = false;
    boolean output = false;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path child : ds) {
        String n = child.getFileName().toString();
        if ((n.equals(INPUT) || n.equals(OUTPUT)) && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          empty(child);
          input |= n.equals(INPUT);
          output |= n.equals(OUTPUT);
        } else if (KEPT_LOGS.contains(n)
            && Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)
            && Files.size(child) == 0) {
          // An empty log is kept: the next task's redirect truncates it instead of a new file.
        } else {
          deleteTree(child);
        }
      }
    }
    if (!input || !output) {
      deleteTree(dir);
      return;
    }
    idle(dir);
  }

  private static void empty(Path dir) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path child : ds) {
        deleteTree(child);
      }
    }
  }

  /** Settles a task folder on the blocking pool (emptied for the next replica); none if null. */
  public CompletableFuture<Void> deleteAsync(String name) {
    if (name == null) {
      return CompletableFuture.completedFuture(null);
    }
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

  /** Settles task folders on the blocking pool, in one go (nulls: none). */
  public CompletableFuture<Void> deleteAsync(java.util.Collection<String> names) {
    java.util.List<String> copy = names.stream().filter(java.util.Objects::nonNull).toList();
    if (copy.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
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
   * Deletes every task folder but those named (left by a crash), and the idle ones. Blocking;
   * call at start.
   */
  public int removeAllExcept(Set<String> keep) throws IOException {
    int n = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (name.equals(EMPTY_ZIP)) {
          continue;
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
