package org.xwgrid.worker.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.common.Json;

/**
 * {@code <work-dir>/pending-reports.json}: the reports not acknowledged yet, so that they survive a
 * crash of the worker and an outage of the dispatcher. Written whole to a temporary file then
 * renamed atomically (no fsync: a crash of the host may lose the last few, which the dispatcher
 * then treats as lost replicas). Not for concurrent writers: the {@link Reporter} serialises its
 * writes.
 */
public final class PendingReportStore {
  private static final Logger log = LoggerFactory.getLogger(PendingReportStore.class);
  static final int VERSION = 1;

  /** The file's content. */
  record PendingReportsFile(int version, List<PendingReport> reports) {}

  private final Path file;
  private final Path tmp;
  private final Executor blocking;

  private PendingReportStore(Path file, Executor blocking) {
    this.file = file;
    this.tmp = file.resolveSibling(file.getFileName() + ".tmp");
    this.blocking = blocking;
  }

  public static PendingReportStore create(Path file, Executor blocking) {
    return new PendingReportStore(file, blocking);
  }

  public Path file() {
    return file;
  }

  /**
   * The stored reports; none if there is no file. An unreadable file is set aside as {@code
   * *.corrupt-<millis>} with an error in the log. Blocking.
   */
  public List<PendingReport> load() throws IOException {
    Files.deleteIfExists(tmp);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return List.of();
    }
    try {
      PendingReportsFile f = Json.mapper().readValue(bytes, PendingReportsFile.class);
      if (f.version() != VERSION) {
        throw new IOException("unknown version " + f.version());
      }
      return f.reports() == null ? List.of() : List.copyOf(f.reports());
    } catch (IOException e) {
      Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
      Files.move(file, aside);
      log.error("Cannot read [{}] ({}); moved it to [{}] and start without it", file, e.getMessage(), aside);
      return List.of();
    }
  }

  /** Replaces the file with these reports. Blocking. */
  public void save(List<PendingReport> reports) throws IOException {
    byte[] bytes = Json.mapper().writeValueAsBytes(new PendingReportsFile(VERSION, reports));
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** {@link #save} on the blocking pool. */
  public CompletableFuture<Void> saveAsync(List<PendingReport> reports) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            save(reports);
          } catch (IOException e) {
            throw new CompletionException(e);
          }
        },
        blocking);
  }
}
