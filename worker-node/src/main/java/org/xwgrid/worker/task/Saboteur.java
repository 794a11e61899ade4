package org.xwgrid.worker.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * FOR TESTS ONLY ({@code --testing-saboteur}, {@code xwgrid.worker.testing.saboteur}): a worker
 * that lies on certified tasks, to exercise Proof-of-Contribution against wrong results. After a
 * certified task ran, its output folder is replaced by one file {@value #FILE}: {@code sabotaged
 * <taskId>} ({@link #COLLUDE}: every colluding saboteur gives the same wrong result) or {@code
 * sabotaged <taskId> <random UUID>} ({@link #RANDOM}: each lies differently). {@link #NONE} is
 * an honest worker. Plain tasks are never touched.
 */
public enum Saboteur {
  NONE,
  COLLUDE,
  RANDOM;

  static final String FILE = "result.txt";

  /** Case-insensitive: {@code ""} (none), {@code collude} or {@code random}. */
  public static Saboteur parse(String s) {
    if (s == null || s.isBlank()) {
      return NONE;
    }
    String v = s.trim().toLowerCase(Locale.ROOT);
    if (v.equals("collude")) {
      return COLLUDE;
    } else if (v.equals("random")) {
      return RANDOM;
    }
    throw new IllegalArgumentException("testing saboteur mode '" + s + "' is not one of collude, random");
  }

  /** Whether this worker lies. */
  public boolean lies() {
    return this != NONE;
  }

  /** Replaces the content of {@code output} by this saboteur's wrong result; nothing if honest. Blocking. */
  public void sabotage(String taskId, Path output) throws IOException {
    if (!lies()) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(output)) {
      for (Path child : ds) {
        TaskFolders.deleteTree(child);
      }
    }
    String lie = this == COLLUDE ? "sabotaged " + taskId : "sabotaged " + taskId + " " + UUID.randomUUID();
    Files.writeString(output.resolve(FILE), lie + "\n", StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return this == NONE ? "" : name().toLowerCase(Locale.ROOT);
  }
}
