package org.xwgrid.worker.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.Names;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.ReplicaState;
import org.xwgrid.common.api.TaskLimits;
import org.xwgrid.common.api.WorkerApi.Assignment;
import org.xwgrid.common.api.WorkerApi.ChainTerms;
import org.xwgrid.common.api.WorkerApi.StatusUpdate;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.common.crypto.Secp256k1Key;
import org.xwgrid.common.poco.ResultCommitment;
import org.xwgrid.worker.cache.AppCache;
import org.xwgrid.worker.cache.CacheLease;
import org.xwgrid.worker.cache.DiskFullException;
import org.xwgrid.worker.cache.DataCache;
import org.xwgrid.worker.exec.ExecOutcome;
import org.xwgrid.worker.exec.ExecSpec;
import org.xwgrid.worker.exec.NativeExecutor;
import org.xwgrid.worker.exec.ContainerRuntime;
import org.xwgrid.worker.exec.Execution;
import org.xwgrid.worker.exec.Limits;
import org.xwgrid.worker.net.DispatcherApi;
import org.xwgrid.worker.net.DispatcherException;
import org.xwgrid.worker.net.WorkerCredentials;

/**
 * Runs one assignment from start to report, off the actor threads: DOWNLOADING (app and inputs
 * through the caches), task folder with the inputs linked in, COMPUTING, the process, then the
 * deterministic zip of the output and its folder digest. Every failure becomes a failed {@link
 * TaskReport} with the reason; uploading and reporting are the {@code Reporter}'s job.
 *
 * <p>A certified assignment (with a {@code taskId}, Proof-of-Contribution) ends differently on
 * success: the zip goes to the {@link HeldResults} instead of the task folder, and the report is
 * a contribution, the {@link ResultCommitment} of {@code "0x" + folder digest} by this worker's
 * address, with neither the result nor the digest. When the assignment belongs to an on-chain
 * deal (its {@code chain} terms), the contribution also carries the worker key's relay signature
 * of it ({@link org.xwgrid.common.crypto.RelaySignatures#signContribution}), and the terms are
 * held with the result so that its reveals are signed too. Thread-safe.
 */
public final class TaskRunner {
  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
  private static final String RESULT_NAME = "result.zip";

  private final DispatcherApi api;
  private final DataCache data;
  private final AppCache apps;
  private final NativeExecutor executor;
  private final TaskFolders folders;
  private final Executor blocking;
  private final Duration defaultTimeout;
  private final HeldResults held;
  private final Secp256k1Key key;
  private final Saboteur saboteur;
  private final ContainerRuntime containers;
  private final TaskLimits defaultLimits;
  private final long cpuCapMillis;

  private TaskRunner(
      DispatcherApi api,
      DataCache data,
      AppCache apps,
      NativeExecutor executor,
      TaskFolders folders,
      Executor blocking,
      Duration defaultTimeout,
      HeldResults held,
      Secp256k1Key key,
      Saboteur saboteur,
      ContainerRuntime containers,
      TaskLimits defaultLimits,
      long cpuCapMillis) {
    this.api = api;
    this.data = data;
    this.apps = apps;
    this.executor = executor;
    this.folders = folders;
    this.blocking = blocking;
    this.defaultTimeout = defaultTimeout;
    this.held = held;
    this.key = key;
    this.saboteur = saboteur;
    this.containers = containers;
    this.defaultLimits = defaultLimits == null ? TaskLimits.NONE : defaultLimits;
    this.cpuCapMillis = cpuCapMillis;
  }

  /**
   * {@code defaultTimeout} applies to assignments without a positive {@code timeoutMs}; certified
   * results are kept in {@code held}, committed to with the address of the worker's {@code key}
   * and, on chain, signed with it ({@code saboteur}: {@link Saboteur#NONE} but in tests). Docker
   * apps run in {@code containers} (null: this worker has no container engine); limits an
   * assignment leaves unset come from {@code defaultLimits}, and no task may use more than {@code
   * cpuCapMillis} thousandths of a core (a volunteer's max CPU share; 0 = no cap).
   */
  public static TaskRunner create(
      DispatcherApi api,
      DataCache data,
      AppCache apps,
      NativeExecutor executor,
      TaskFolders folders,
      Executor blocking,
      Duration defaultTimeout,
      HeldResults held,
      Secp256k1Key key,
      Saboteur saboteur,
      ContainerRuntime containers,
      TaskLimits defaultLimits,
      long cpuCapMillis) {
    return new TaskRunner(
        api, data, apps, executor, folders, blocking, defaultTimeout, held, key, saboteur, containers, defaultLimits,
        cpuCapMillis);
  }

  public TaskFolders folders() {
    return folders;
  }

  /** The app's folder (native) or image archive (docker), and the inputs, all local. */
  private record Prepared(Path app, List<Path> inputs) {}

  /** The pool slots run on (also used for downloads' checks and other file work). */
  public Executor executor() {
    return blocking;
  }

  /**
   * Runs an assignment to its end on the calling thread, a pool thread (it blocks: downloads,
   * process, packing): DOWNLOADING, app and inputs through the caches, the task folder,
   * COMPUTING, the process, the result zip and digest. Never throws: a failure is a failed
   * report, an abort an aborted {@link FinishedTask}. Also completes {@code handle.done()}.
   */
  public FinishedTask run(
      TaskHandle handle, Assignment a, WorkerCredentials credentials, Consumer<StatusUpdate> status) {
    ReplicaRef ref = a.replica();
    String folder = null; // none until the task folder is lent
    FinishedTask result;
    CompletableFuture<CacheLease> app = null;
    List<CompletableFuture<CacheLease>> inputs = List.of();
    try {
      if (a.app() == null || a.app().archive() == null) {
        throw new IllegalArgumentException("the assignment has no app archive");
      }
      boolean docker = a.app().isDocker();
      if (docker && containers == null) {
        throw new IllegalArgumentException("this worker has no container engine for docker app " + a.app().name());
      }
      DataCache.Fetcher fetcher = (d, target) -> api.download(credentials, d, a.ticket(), target);
      status.accept(new StatusUpdate(ref, ReplicaState.DOWNLOADING, null));
      // leases pin the app and the inputs in the caches until the task ends
      app = docker ? data.acquire(a.app().archive(), fetcher) : apps.acquire(a.app().archive(), fetcher);
      inputs = acquireInputs(a, fetcher);
      Prepared fetched = new Prepared(app.join().path(), inputs.stream().map(f -> f.join().path()).toList());
      if (docker) {
        try {
          containers.ensureImage(a.app().image(), fetched.app());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      if (handle.aborted() || !handle.awaitResume()) {
        result = stopped(handle, folder);
      } else {
        ExecSpec spec = prepare(a, fetched);
        folder = spec.taskDir().getFileName().toString();
        Execution process = docker ? containers.execution(spec, a.app().image()) : executor.create(spec);
        if (!handle.attach(process)) {
          result = stopped(handle, folder);
        } else {
          status.accept(new StatusUpdate(ref, ReplicaState.COMPUTING, null));
          process.run();
          ExecOutcome o = process.outcome().toCompletableFuture().join();
          result = o.aborted() ? stopped(handle, folder) : finish(a, folder, o);
        }
      }
    } catch (RuntimeException e) {
      if (handle.aborted()) {
        result = stopped(handle, folder);
      } else {
        Throwable cause = DispatcherException.unwrap(e);
        if (cause instanceof UncheckedIOException u) {
          cause = u.getCause();
        }
        if (cause instanceof DiskFullException) {
          // not the task's fault: hand it back to run on a worker with room
          log.warn("Replica [{}] handed back: {}", ref, cause.getMessage());
          result = new FinishedTask(ref, TaskReport.withdrawn(ref, cause.getMessage(), 0), folder);
        } else {
          log.warn("Replica [{}] failed before it ran: {}", ref, cause.toString());
          result =
              new FinishedTask(
                  ref, new TaskReport(ref, false, null, null, -1, describe(cause), 0), folder);
        }
      }
    } finally {
      // also releases leases that arrive after another download failed
      if (app != null) {
        app.thenAccept(CacheLease::close);
      }
      inputs.forEach(f -> f.thenAccept(CacheLease::close));
    }
    handle.completion().complete(result);
    return result;
  }

  /** An aborted replica (nothing to report), or a withdrawn one (reported as given back). */
  private static FinishedTask stopped(TaskHandle handle, String folder) {
    ReplicaRef ref = handle.replica();
    String reason = handle.withdrawnReason();
    if (reason == null) {
      return new FinishedTask(ref, null, folder);
    }
    long elapsedMs = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - handle.startNanos());
    return new FinishedTask(ref, TaskReport.withdrawn(ref, reason, elapsedMs), folder);
  }

  private List<CompletableFuture<CacheLease>> acquireInputs(Assignment a, DataCache.Fetcher fetcher) {
    List<DataRef> inputs = a.inputs() == null ? List.of() : a.inputs();
    List<CompletableFuture<CacheLease>> all = new ArrayList<>(inputs.size());
    for (DataRef in : inputs) {
      all.add(data.acquire(in, fetcher));
    }
    return all;
  }

  private ExecSpec prepare(Assignment a, Prepared p) {
    try {
      boolean docker = a.app().isDocker();
      Path appDir = docker ? null : p.app();
      List<String> command =
          docker ? Entrypoints.containerCommand(a.app().entrypoint(), a.args()) : Entrypoints.command(a.app().entrypoint(), appDir, a.args());
      Path dir = folders.prepare();
      List<DataRef> inputs = a.inputs() == null ? List.of() : a.inputs();
      try {
        for (int i = 0; i < inputs.size(); i++) {
          String name = Names.requireFileName("input name", inputs.get(i).name());
          link(p.inputs().get(i), dir.resolve("input").resolve(name));
        }
      } catch (IOException | RuntimeException e) {
        folders.deleteAsync(dir.getFileName().toString()); // emptied for the next replica
        throw e;
      }
      Duration timeout = a.timeoutMs() > 0 ? Duration.ofMillis(a.timeoutMs()) : defaultTimeout;
      return ExecSpec.inTaskFolder(command, appDir, dir, timeout, limits(a.limits())).named(TaskFolders.nameOf(a.replica()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The assignment's limits, unset ones from this worker's defaults, the CPU capped, in executor units. */
  Limits limits(TaskLimits requested) {
    TaskLimits l = requested == null ? defaultLimits : requested.orElse(defaultLimits);
    long cpu = Math.round(l.cpus() * 1000);
    if (cpuCapMillis > 0 && (cpu == 0 || cpu > cpuCapMillis)) {
      cpu = cpuCapMillis;
    }
    return new Limits(l.memoryMb() * 1024 * 1024, cpu, l.pids());
  }

  private static void link(Path cached, Path target) throws IOException {
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.getFileName() + " (two inputs with one name)");
    }
    try {
      Files.createLink(target, cached);
    } catch (FileSystemException | UnsupportedOperationException e) {
      Files.copy(cached, target);
    }
  }

  private FinishedTask finish(Assignment a, String folder, ExecOutcome o) {
    ReplicaRef ref = a.replica();
    if (o.aborted()) {
      return new FinishedTask(ref, null, folder);
    }
    if (!o.success()) {
      String error = o.error() == null ? "failed" : o.error();
      if (o.stderrTail() != null && !o.stderrTail().isBlank()) {
        error = error + "; stderr: " + o.stderrTail();
      }
      return new FinishedTask(
          ref,
          new TaskReport(ref, false, null, null, o.exitCode(), error, o.elapsedMs()).withUsage(o.cpuMs(), o.peakMemoryBytes()),
          folder);
    }
    Path dir = folders.path(folder);
    Path output = dir.resolve("output");
    if (a.taskId() != null) {
      return contribute(a, folder, output, o);
    }
    try {
      DataRef result = ResultArchive.writeUnlessEmpty(output, dir.resolve(TaskFolders.RESULT_ZIP), RESULT_NAME);
      boolean empty = result.sha256().equals(ResultArchive.EMPTY_ZIP_SHA256);
      // an empty output (the task's result is its exit code) is not walked twice, and its report
      // needs nothing of the folder (the shared empty zip is uploaded): the next task may have it
      String digest = empty ? Hashes.EMPTY_FOLDER_DIGEST : Hashes.folderDigest(output);
      boolean lent = empty && (a.inputs() == null || a.inputs().isEmpty()) && folders.reuseIfClean(dir);
      return new FinishedTask(
          ref,
          new TaskReport(ref, true, result, digest, 0, null, o.elapsedMs()).withUsage(o.cpuMs(), o.peakMemoryBytes()),
          lent ? null : folder);
    } catch (IOException e) {
      return new FinishedTask(
          ref,
          new TaskReport(ref, false, null, null, 0, "cannot pack the output: " + e.getMessage(), o.elapsedMs()),
          folder);
    }
  }

  /**
   * Keeps the output of a certified replica and reports only its commitment, signed for the
   * relay when the task belongs to an on-chain deal (signed before the output is held: terms that
   * cannot be signed fail the replica and keep nothing).
   */
  private FinishedTask contribute(Assignment a, String folder, Path output, ExecOutcome o) {
    ReplicaRef ref = a.replica();
    try {
      saboteur.sabotage(a.taskId(), output);
      String digest = "0x" + Hashes.folderDigest(output);
      ResultCommitment c = ResultCommitment.of(a.taskId(), digest, key.address());
      String sign;
      try {
        sign = signContribution(a.taskId(), a.chain(), c);
      } catch (IllegalArgumentException e) {
        log.warn("Replica [{}] of task [{}]: {}", ref, a.taskId(), e.getMessage());
        return new FinishedTask(ref, new TaskReport(ref, false, null, null, 0, e.getMessage(), o.elapsedMs()), folder);
      }
      HeldResult h = held.hold(ref, a.taskId(), digest, a.chain(), output);
      log.debug(
          "Replica [{}] of task [{}] committed{}; its result [{}] is held",
          ref,
          a.taskId(),
          a.chain() == null ? "" : " and signed for chain " + a.chain().chainId() + ", hub " + a.chain().hub(),
          h.zip().sha256());
      return new FinishedTask(
          ref,
          TaskReport.contribution(ref, 0, o.elapsedMs(), c.resultHash(), c.resultSeal(), sign).withUsage(o.cpuMs(), o.peakMemoryBytes()),
          folder);
    } catch (IOException | IllegalArgumentException e) {
      return new FinishedTask(
          ref,
          new TaskReport(ref, false, null, null, 0, "cannot keep the output: " + e.getMessage(), o.elapsedMs()),
          folder);
    }
  }

  /** The relay signature of a contribution on chain; null off chain. */
  private String signContribution(String taskId, ChainTerms chain, ResultCommitment c) {
    if (chain == null) {
      return null;
    }
    try {
      return HeldResult.signatures(chain).signContribution(taskId, c.resultHash(), c.resultSeal(), key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot sign the contribution for chain " + chain.chainId() + ", hub " + chain.hub() + ": " + e.getMessage(), e);
    }
  }

  private static String describe(Throwable t) {
    if (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage();
    String what = t instanceof DispatcherException ? "cannot fetch the app or inputs: " : "cannot prepare the task: ";
    return what + (m == null ? t.getClass().getSimpleName() : m);
  }
}
