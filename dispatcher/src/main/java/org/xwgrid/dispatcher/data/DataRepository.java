package org.xwgrid.dispatcher.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

/**
 * The content-addressed store: blob {@code sha256} at {@code data/<first two hex>/<sha256>}, its
 * owners in {@code <sha256>.owners} (one per line). Owners are also kept in memory, loaded at
 * start. Every method that touches the disk runs on the given executor, never the caller's
 * thread (the gateway's event loop).
 */
public final class DataRepository {
  private final Path root;
  private final Path tmp;
  private final Executor io;
  private final ConcurrentHashMap<String, Set<String>> owners = new ConcurrentHashMap<>();

  private DataRepository(Path root, Executor io) {
    this.root = root;
    this.tmp = root.resolve("tmp");
    this.io = io;
  }

  /** Opens (creating) the repository under {@code dir}, dropping unfinished uploads of a crash. */
  public static DataRepository open(Path dir, Executor io) throws IOException {
    DataRepository repo = new DataRepository(dir, io);
    Files.createDirectories(repo.tmp);
    try (Stream<Path> leftovers = Files.list(repo.tmp)) {
      for (Path p : (Iterable<Path>) leftovers::iterator) {
        Files.deleteIfExists(p);
      }
    }
    try (DirectoryStream<Path> shards = Files.newDirectoryStream(dir, p -> p.getFileName().toString().length() == 2)) {
      for (Path shard : shards) {
        try (DirectoryStream<Path> metas = Files.newDirectoryStream(shard, "*.owners")) {
          for (Path m : metas) {
            String sha = m.getFileName().toString().replace(".owners", "");
            if (Files.exists(shard.resolve(sha))) {
              repo.owners.put(sha, ConcurrentHashMap.newKeySet());
              repo.owners.get(sha).addAll(Files.readAllLines(m, StandardCharsets.UTF_8));
            }
          }
        }
      }
    }
    return repo;
  }

  public Path blob(String sha256) {
    return root.resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  public boolean exists(String sha256) {
    return owners.containsKey(sha256);
  }

  public boolean isOwner(String sha256, String owner) {
    Set<String> o = owners.get(sha256);
    return o != null && o.contains(owner);
  }

  public long size(String sha256) throws IOException {
    return Files.size(blob(sha256));
  }

  /** A fresh temp file for an upload in progress; deleted by {@link #discard} or moved by {@link #commit}. */
  public Path newTempFile() {
    return tmp.resolve(UUID.randomUUID().toString());
  }

  /**
   * Makes an upload whose bytes hash to {@code sha256} durable: fsync, then an atomic rename into
   * place (or dropped when the blob exists already), then the owner is recorded. Completes with
   * true when the blob was new.
   */
  public CompletionStage<Boolean> commit(String sha256, Path temp, String owner) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            boolean created = false;
            Path target = blob(sha256);
            if (Files.exists(target)) {
              Files.deleteIfExists(temp);
            } else {
              try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
              }
              Files.createDirectories(target.getParent());
              Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
              created = true;
            }
            addOwnerOnDisk(sha256, owner);
            return created;
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        },
        io);
  }

  public void discard(Path temp) {
    io.execute(
        () -> {
          try {
            Files.deleteIfExists(temp);
          } catch (IOException ignored) {
            // the next start clears tmp/
          }
        });
  }

  private synchronized void addOwnerOnDisk(String sha256, String owner) throws IOException {
    Set<String> o = owners.computeIfAbsent(sha256, k -> ConcurrentHashMap.newKeySet());
    if (o.contains(owner)) {
      return;
    }
    Path meta = blob(sha256).resolveSibling(sha256 + ".owners");
    Files.write(
        meta,
        List.of(owner),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
        StandardOpenOption.DSYNC);
    o.add(owner);
  }
}
