package org.xwgrid.worker.task;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.common.api.ReplicaRef;

/**
 * The folders of replicas: {@code <root>/<jobId>-<index>-<attempt>/{input,output}}, plus the logs
 * and the result zip. A folder lives until the dispatcher has acknowledged its report.
 */
public final class TaskFolders {
  private static final Logger log = LoggerFactory.getLogger(TaskFolders.class);
  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
  public static final String RESULT_ZIP = "result.zip";

  private final Path root;
  private final Executor blocking;

  private TaskFolders(Path root, Executor blocking) {
    this.root = root;
    this.blocking = blocking;
  }

  public static TaskFolders create(Path root, Executor blocking) throws IOException {
    Files.createDirectories(root);
    return new TaskFolders(root.toAbsolutePath().normalize(), blocking);
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
    deleteTree(dir);
    Files.createDirectories(dir.resolve("input"));
    Files.createDirectory(dir.resolve("output"));
    return dir;
  }

  /** Deletes a task folder on the blocking pool. */
  public CompletableFuture<Void> deleteAsync(String name) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            deleteTree(path(name));
          } catch (IOException | RuntimeException e) {
            log.warn("Cannot delete task folder [{}]: {}", name, e.toString());
          }
        },
        blocking);
  }

  /** Deletes every task folder but those named (left by a crash). Blocking; call at start. */
  public int removeAllExcept(Set<String> keep) throws IOException {
    int n = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path p : ds) {
        if (!keep.contains(p.getFileName().toString())) {
          deleteTree(p);
          n++;
        }
      }
    }
    return n;
  }

  /** Deletes a file or a folder tree, not following links; nothing if it does not exist. */
  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(p);
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(q);
      }
    }
  }
}
