package org.xwgrid.worker.task;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.common.Json;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.WorkerApi.ChainTerms;
import org.xwgrid.common.crypto.RelaySignatures;

/**
 * {@code <work-dir>/held/<jobId>-<index>-<attempt>/}: the outputs of certified replicas that the
 * worker has committed to and keeps until the dispatcher tells it to forget them ({@code abort}
 * in a heartbeat's answer), each a {@value #ZIP} and a {@value #META} ({@link HeldResult}, with
 * the chain terms of a task of an on-chain deal; a {@value #META} without them, as older versions
 * wrote, loads as off chain), written last by an atomic rename, so a folder without it is an
 * interrupted save. Survives
 * restarts ({@link #load}). Thread-safe: the task runner adds, the session lists and releases,
 * the reporter reads.
 */
public final class HeldResults {
  private static final Logger log = LoggerFactory.getLogger(HeldResults.class);
  static final String ZIP = "result.zip";
  static final String META = "held.json";

  private final Path root;
  private final Executor blocking;
  private final Map<ReplicaRef, HeldResult> held = new ConcurrentHashMap<>();

  private HeldResults(Path root, Executor blocking) {
    this.root = root;
    this.blocking = blocking;
  }

  /** A store in {@code root} (created); empty until {@link #load}. Blocking. */
  public static HeldResults create(Path root, Executor blocking) throws IOException {
    Files.createDirectories(root);
    return new HeldResults(root.toAbsolutePath().normalize(), blocking);
  }

  public Path root() {
    return root;
  }

  /**
   * Reads the results held by an earlier run; deletes interrupted saves and unreadable or
   * inconsistent folders (with a warning). Blocking; call at start.
   */
  public List<HeldResult> load() throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
      for (Path dir : ds) {
        HeldResult h = read(dir);
        if (h == null) {
          TaskFolders.deleteTree(dir);
        } else {
          held.put(h.replica(), h);
        }
      }
    }
    return List.copyOf(held.values());
  }

  private HeldResult read(Path dir) {
    try {
      HeldResult h = Json.mapper().readValue(Files.readAllBytes(dir.resolve(META)), HeldResult.class);
      if (h.replica() == null || h.zip() == null || h.digest() == null || h.taskId() == null) {
        throw new IOException("incomplete " + META);
      }
      if (!dir.getFileName().toString().equals(TaskFolders.nameOf(h.replica()))) {
        throw new IOException("it holds " + h.replica());
      }
      if (h.chain() != null) {
        try {
          RelaySignatures.revealHash(h.taskId(), h.digest());
          HeldResult.signatures(h.chain());
        } catch (IllegalArgumentException e) {
          throw new IOException("its reveal cannot be signed: " + e.getMessage(), e);
        }
      }
      if (Files.size(dir.resolve(ZIP)) != h.zip().size()) {
        throw new IOException(ZIP + " is not " + h.zip().size() + " bytes");
      }
      return h;
    } catch (NoSuchFileException e) {
      log.info("Removing [{}]: an interrupted save or a lost zip ({})", dir, e.getMessage());
      return null;
    } catch (IOException | RuntimeException e) {
      log.warn("Removing the held result [{}]: {}", dir, e.toString());
      return null;
    }
  }

  /**
   * Keeps the zip of {@code output} as the result of {@code replica}, committed to as {@code
   * digest}, off chain. Blocking.
   */
  public HeldResult hold(ReplicaRef replica, String taskId, String digest, Path output) throws IOException {
    return hold(replica, taskId, digest, null, output);
  }

  /**
   * Keeps the zip of {@code output} as the result of {@code replica}, committed to as {@code
   * digest}, with the {@code chain} terms of its deal (null: off chain). Blocking.
   */
  public HeldResult hold(ReplicaRef replica, String taskId, String digest, ChainTerms chain, Path output)
      throws IOException {
    Path dir = folder(replica);
    TaskFolders.deleteTree(dir);
    Files.createDirectories(dir);
    DataRef zip = ResultArchive.write(output, dir.resolve(ZIP), ZIP);
    HeldResult h = new HeldResult(replica, taskId, digest, zip, chain);
    Path tmp = dir.resolve(META + ".tmp");
    Files.write(tmp, Json.mapper().writeValueAsBytes(h));
    Files.move(tmp, dir.resolve(META), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    held.put(replica, h);
    return h;
  }

  /** The held result of a replica, or null. */
  public HeldResult get(ReplicaRef replica) {
    return held.get(replica);
  }

  /** The zip of a held replica (whether or not it is still there). */
  public Path zip(ReplicaRef replica) {
    return folder(replica).resolve(ZIP);
  }

  /** Every replica held, for heartbeats. */
  public List<ReplicaRef> replicas() {
    return new ArrayList<>(held.keySet());
  }

  /**
   * Forgets a held replica at once and deletes its folder on the blocking pool; false if it was
   * not held.
   */
  public boolean release(ReplicaRef replica) {
    if (held.remove(replica) == null) {
      return false;
    }
    Path dir = folder(replica);
    blocking.execute(
        () -> {
          try {
            TaskFolders.deleteTree(dir);
          } catch (IOException | RuntimeException e) {
            log.warn("Cannot delete the held result [{}]: {}", dir, e.toString());
          }
        });
    return true;
  }

  private Path folder(ReplicaRef replica) {
    return root.resolve(TaskFolders.nameOf(replica));
  }
}
