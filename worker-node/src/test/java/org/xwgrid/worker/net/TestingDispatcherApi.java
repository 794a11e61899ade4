package org.xwgrid.worker.net;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.WorkerApi.Heartbeat;
import org.xwgrid.common.api.WorkerApi.HeartbeatAck;
import org.xwgrid.common.api.WorkerApi.Register;
import org.xwgrid.common.api.WorkerApi.Registered;
import org.xwgrid.common.api.WorkerApi.ResultAck;
import org.xwgrid.common.api.WorkerApi.ResultReport;
import org.xwgrid.common.api.WorkerApi.RevealReport;
import org.xwgrid.common.api.WorkerApi.StatusReport;
import org.xwgrid.common.api.WorkerApi.StatusUpdate;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.common.api.WorkerApi.WorkBatch;
import org.xwgrid.common.api.WorkerApi.WorkRequest;

/**
 * An in-memory {@link DispatcherApi} for fast tests: serves data blobs, records status updates,
 * result calls, reveal calls and uploads, and can be told to refuse calls ({@link #down}) or to
 * answer a given error.
 */
public final class TestingDispatcherApi implements DispatcherApi {
  private final Map<String, byte[]> data = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> uploads = new ConcurrentHashMap<>();
  public final List<ResultReport> resultCalls = new CopyOnWriteArrayList<>();
  public final List<StatusUpdate> statuses = new CopyOnWriteArrayList<>();
  public final Map<ReplicaRef, TaskReport> accepted = new ConcurrentHashMap<>();
  public final AtomicInteger downloads = new AtomicInteger();
  /** Calls of reportResults, answered or not. */
  public final AtomicInteger resultAttempts = new AtomicInteger();
  /** Answered calls of reveal, every reveal accepted. */
  public final List<RevealReport> revealCalls = new CopyOnWriteArrayList<>();
  /** Calls of reveal, answered or not. */
  public final AtomicInteger revealAttempts = new AtomicInteger();
  private volatile boolean down;
  private volatile DispatcherException error;

  public DataRef put(byte[] bytes, String name) {
    String sha = Hashes.sha256Hex(bytes);
    data.put(sha, bytes);
    return new DataRef(sha, bytes.length, name);
  }

  /** Also serve these bytes under a digest they do not have (a corrupt repository or network). */
  public void putCorrupt(String sha, byte[] bytes) {
    data.put(sha, bytes);
  }

  /** Every call fails as if the dispatcher were unreachable. */
  public void down(boolean v) {
    down = v;
  }

  /** Every call fails with this error (null: none). */
  public void error(DispatcherException e) {
    error = e;
  }

  public int uploads(String sha) {
    AtomicInteger n = uploads.get(sha);
    return n == null ? 0 : n.get();
  }

  public byte[] data(String sha) {
    return data.get(sha);
  }

  private <T> CompletionStage<T> call(java.util.function.Supplier<T> body) {
    if (down) {
      return CompletableFuture.failedFuture(new ConnectException("Connection refused (testing)"));
    }
    DispatcherException e = error;
    if (e != null) {
      return CompletableFuture.failedFuture(e);
    }
    try {
      return CompletableFuture.supplyAsync(body);
    } catch (RuntimeException x) {
      return CompletableFuture.failedFuture(x);
    }
  }

  @Override
  public CompletionStage<Registered> register(String bearerToken, Register request) {
    return call(() -> new Registered("w-1", "tok", 1000, 5000));
  }

  @Override
  public CompletionStage<HeartbeatAck> heartbeat(WorkerCredentials c, Heartbeat heartbeat) {
    return call(() -> new HeartbeatAck(List.of()));
  }

  @Override
  public CompletionStage<WorkBatch> requestWork(WorkerCredentials c, WorkRequest request) {
    return call(() -> new WorkBatch(List.of()));
  }

  @Override
  public CompletionStage<Void> reportStatus(WorkerCredentials c, StatusReport report) {
    return call(
        () -> {
          statuses.addAll(report.updates());
          return null;
        });
  }

  @Override
  public CompletionStage<ResultAck> reportResults(WorkerCredentials c, ResultReport report) {
    resultAttempts.incrementAndGet();
    return call(
        () -> {
          resultCalls.add(report);
          List<ReplicaRef> acc = new ArrayList<>();
          List<ReplicaRef> ign = new ArrayList<>();
          for (TaskReport t : report.reports()) {
            (accepted.putIfAbsent(t.replica(), t) == null ? acc : ign).add(t.replica());
          }
          return new ResultAck(acc, ign);
        });
  }

  @Override
  public CompletionStage<ResultAck> reveal(WorkerCredentials c, RevealReport report) {
    revealAttempts.incrementAndGet();
    return call(
        () -> {
          revealCalls.add(report);
          return new ResultAck(report.reveals().stream().map(r -> r.replica()).toList(), List.of());
        });
  }

  @Override
  public CompletionStage<DataRef> upload(WorkerCredentials c, Path file, String sha256, String name) {
    return call(
        () -> {
          try {
            byte[] b = Files.readAllBytes(file);
            if (!Hashes.sha256Hex(b).equals(sha256)) {
              throw new DispatcherException(400, "digest-mismatch", "not " + sha256);
            }
            data.put(sha256, b);
            uploads.computeIfAbsent(sha256, k -> new AtomicInteger()).incrementAndGet();
            return new DataRef(sha256, b.length, name);
          } catch (NoSuchFileException e) {
            throw new java.util.concurrent.CompletionException(e);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  @Override
  public CompletionStage<Path> download(WorkerCredentials c, DataRef ref, String ticket, Path target) {
    return call(
        () -> {
          downloads.incrementAndGet();
          byte[] b = data.get(ref.sha256());
          if (b == null) {
            throw new DispatcherException(404, "not-found", "no data " + ref.sha256());
          }
          try {
            return Files.write(target, b);
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  /** Applies f to every accepted report, for assertions. */
  public <T> List<T> acceptedMap(Function<TaskReport, T> f) {
    return accepted.values().stream().map(f).toList();
  }
}
