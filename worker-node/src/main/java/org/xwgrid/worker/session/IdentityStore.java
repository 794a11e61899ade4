package org.xwgrid.worker.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.common.Json;

/**
 * {@code <work-dir>/worker.json}, mode 600: the worker's id and token, so that a restarted worker
 * registers again as itself. Written to a temporary file (created 600), synced, then renamed.
 */
public final class IdentityStore {
  private static final Logger log = LoggerFactory.getLogger(IdentityStore.class);
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final Path file;
  private final Executor blocking;

  private IdentityStore(Path file, Executor blocking) {
    this.file = file;
    this.blocking = blocking;
  }

  public static IdentityStore create(Path file, Executor blocking) {
    return new IdentityStore(file, blocking);
  }

  public Path file() {
    return file;
  }

  /** The stored identity, if any. Blocking. */
  public Optional<WorkerIdentity> load() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    WorkerIdentity id;
    try {
      id = Json.mapper().readValue(bytes, WorkerIdentity.class);
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (id.workerId() == null || id.workerToken() == null) {
      throw new IOException(file + " lacks workerId or workerToken");
    }
    if (!Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
      log.warn("[{}] was readable by others; setting its mode to 600", file);
      Files.setPosixFilePermissions(file, OWNER_ONLY);
    }
    return Optional.of(id);
  }

  /** Replaces the stored identity. Blocking. */
  public void save(WorkerIdentity identity) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.write(
        tmp,
        Json.mapper().writeValueAsBytes(identity),
        StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.SYNC);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** {@link #save} on the blocking pool. */
  public CompletableFuture<Void> saveAsync(WorkerIdentity identity) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            save(identity);
          } catch (IOException e) {
            throw new CompletionException(e);
          }
        },
        blocking);
  }
}
