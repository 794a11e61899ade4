package org.xwgrid.oracle.market;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.UnaryOperator;
import org.xwgrid.common.Json;

/**
 * An {@link Orderbook} kept in a JSON file that several processes share. Readers never see half a
 * file: it is written to a temporary file beside it, then renamed over it. Writers take their
 * turns: {@link #update} holds an exclusive lock on {@code FILE.lock} while it reads, changes and
 * writes, so two publishers at once both get their orders in.
 */
public final class OrderbookFile {
  /** File locks are held by the whole process: threads of one process take turns here first. */
  private static final Object IN_PROCESS = new Object();

  private final Path file;
  private final long chainId;
  private final String hub;

  /** The orderbook at {@code file} of the hub {@code hub} on chain {@code chainId}. */
  public OrderbookFile(Path file, long chainId, String hub) {
    this.file = file;
    this.chainId = chainId;
    this.hub = hub;
  }

  public Path path() {
    return file;
  }

  /**
   * The orderbook as it is now: empty if the file does not exist yet; refused if it is not an
   * orderbook of this hub (see {@link Orderbook#checked}).
   */
  public Orderbook read() throws IOException {
    if (!Files.exists(file)) {
      return Orderbook.empty(chainId, hub);
    }
    Orderbook book;
    try {
      book = Json.mapper().readValue(file.toFile(), Orderbook.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException("the orderbook " + file + " is not an orderbook: " + e.getOriginalMessage(), e);
    }
    return book.checked(chainId, hub);
  }

  /**
   * Reads the orderbook, applies {@code change} and writes the result, under the writers' lock;
   * returns what was written. If {@code change} throws, the file is left as it was.
   */
  public Orderbook update(UnaryOperator<Orderbook> change) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path lock = dir.resolve(file.getFileName() + ".lock");
    synchronized (IN_PROCESS) {
      try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock held = channel.lock();
        try {
          Orderbook next = change.apply(read());
          write(next);
          return next;
        } finally {
          held.release();
        }
      }
    }
  }

  private void write(Orderbook book) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      readableByAll(tmp);
      Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(book));
      try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        c.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** A temporary file is private to its owner; the orderbook is for everyone to read. */
  private static void readableByAll(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    } catch (UnsupportedOperationException notPosix) {
      // the platform's defaults then
    }
  }
}
