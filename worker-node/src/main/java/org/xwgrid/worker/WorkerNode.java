package org.xwgrid.worker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.worker.cache.AppCache;
import org.xwgrid.worker.cache.DataCache;
import org.xwgrid.worker.cache.ZipExtractor;
import org.xwgrid.worker.exec.NativeExecutor;
import org.xwgrid.worker.exec.docker.DockerEngine;
import org.xwgrid.worker.exec.docker.DockerUnavailableException;
import org.xwgrid.worker.exec.docker.Leftover;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.worker.exec.SandboxSettings;
import org.xwgrid.worker.volunteer.CpuBudget;
import org.xwgrid.worker.volunteer.OwnerActivity;
import org.xwgrid.worker.volunteer.ProcessTreeCpu;
import org.xwgrid.worker.exec.Sandbox;
import org.xwgrid.worker.exec.SandboxUnavailableException;
import org.xwgrid.worker.net.DispatcherClient;
import org.xwgrid.worker.report.PendingReport;
import org.xwgrid.worker.report.PendingReportStore;
import org.xwgrid.common.crypto.Secp256k1Key;
import org.xwgrid.worker.session.IdentityStore;
import org.xwgrid.worker.session.KeyFile;
import org.xwgrid.worker.session.WorkerIdentity;
import org.xwgrid.worker.task.HeldResult;
import org.xwgrid.worker.task.HeldResults;
import org.xwgrid.worker.task.TaskFolders;
import org.xwgrid.worker.task.TaskRunner;

/**
 * A running worker node: the programmatic entry used by {@code xw worker}, the demo and tests.
 * {@link #start} prepares the work dir (lock, identity, pending reports, leftovers of a crash),
 * picks the sandbox and starts a local actor system; {@link #stop()} stops it gracefully (also run
 * on SIGTERM/SIGINT by the actor system's coordinated shutdown).
 *
 * <p>Work dir layout: {@code worker.json} (id and token, mode 600), {@code pending-reports.json},
 * {@code cache/<sha256>} (verified blobs), {@code apps/<sha256>/} (unpacked apps), {@code
 * tasks/<jobId>-<index>-<attempt>/} (one per replica until its report is acknowledged), {@code
 * held/<jobId>-<index>-<attempt>/} (the kept output of a certified replica, until the dispatcher
 * tells the worker to forget it), {@code .lock}.
 */
public final class WorkerNode {
  private static final Logger log = LoggerFactory.getLogger(WorkerNode.class);
  private static final Duration DRAIN_MARGIN = Duration.ofSeconds(5);

  private enum StopReason implements CoordinatedShutdown.Reason {
    STOPPED,
    FAILED
  }

  private final WorkerNodeSettings settings;
  private final Path workDir;
  private final Sandbox sandbox;
  private final ActorSystem<Guardian.Command> system;
  private final CompletableFuture<Void> termination;

  private WorkerNode(
      WorkerNodeSettings settings,
      Path workDir,
      Sandbox sandbox,
      ActorSystem<Guardian.Command> system,
      CompletableFuture<Void> termination) {
    this.settings = settings;
    this.workDir = workDir;
    this.sandbox = sandbox;
    this.system = system;
    this.termination = termination;
  }

  /** Starts a worker node with the application config ({@code ConfigFactory.load()}) for Pekko. */
  public static WorkerNode start(WorkerNodeSettings settings) throws WorkerNodeException {
    return start(settings, ConfigFactory.load());
  }

  /**
   * Starts a worker node. Returns once the work dir is ready and the actor system runs; the
   * registration and everything after happen in the background (an unreachable dispatcher is
   * retried for ever).
   *
   * @throws WorkerNodeException with a one-line message: bad settings, work dir locked or
   *     unusable, sandbox required but unavailable, no enrolment token for a new work dir
   */
  public static WorkerNode start(WorkerNodeSettings requested, Config config)
      throws WorkerNodeException {
    try {
      requested.validate();
    } catch (IllegalArgumentException e) {
      throw new WorkerNodeException(e.getMessage());
    }
    CpuBudget budget =
        CpuBudget.of(Runtime.getRuntime().availableProcessors(), requested.slots(), requested.volunteer().maxCpuShare());
    if (budget.slots() != requested.slots()) {
      log.info("max-cpu-share {}: {} slots instead of {}", requested.volunteer().maxCpuShare(), budget.slots(), requested.slots());
    }
    WorkerNodeSettings slotted = requested.withSlots(budget.slots());
    Path workDir = slotted.workDir().toAbsolutePath().normalize();
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new WorkerNodeException("cannot create work dir " + workDir + ": " + e.getMessage(), e);
    }
    WorkDirLock lock = WorkDirLock.acquire(workDir);
    ExecutorService blocking = null;
    ScheduledThreadPoolExecutor timer = null;
    DispatcherClient client = null;
    Sandbox sandbox = null;
    DockerEngine docker = null;
    try {
      sandbox = Sandbox.resolve(slotted.sandbox(), SandboxSettings.fromConfig(config), workDir);
      docker = DockerEngine.open(slotted.docker(), dockerOwner(workDir)).orElse(null);
      DockerEngine engine = docker; // for the lambdas below
      WorkerNodeSettings settings = docker == null ? slotted : slotted.withTags(withDockerTag(slotted.tags()));
      int threads = settings.slots() + 4;
      blocking =
          new ThreadPoolExecutor(
              threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemon("xw-worker-io-"));
      timer = new ScheduledThreadPoolExecutor(1, daemon("xw-worker-timer-"));
      timer.setRemoveOnCancelPolicy(true);

      IdentityStore identities = IdentityStore.create(workDir.resolve("worker.json"), blocking);
      Optional<WorkerIdentity> identity = identities.load();
      if (identity.isEmpty() && settings.token() == null) {
        throw new WorkerNodeException(
            "no enrolment token: pass --token or set XW_TOKEN (needed until " + identities.file() + " exists)");
      }
      Secp256k1Key key = KeyFile.loadOrCreate(workDir.resolve("worker.key"));
      PendingReportStore reports =
          PendingReportStore.create(workDir.resolve("pending-reports.json"), blocking);
      List<PendingReport> pending = new java.util.ArrayList<>(reports.load());
      if (docker != null) {
        pending.addAll(lostInContainers(docker.removeLeftovers()));
      }
      TaskFolders folders = TaskFolders.create(workDir.resolve("tasks"), blocking);
      Set<String> keep = new HashSet<>();
      pending.stream().map(PendingReport::folder).filter(java.util.Objects::nonNull).forEach(keep::add);
      int removed = folders.removeAllExcept(keep);
      if (removed > 0) {
        log.info("Removed {} task folders left by an earlier run", removed);
      }
      HeldResults held = HeldResults.create(workDir.resolve("held"), blocking);
      List<HeldResult> kept = held.load();
      if (!kept.isEmpty()) {
        log.info("{} results of certified tasks are held from an earlier run", kept.size());
      }
      DataCache data =
          DataCache.create(
              workDir.resolve("cache"), blocking, settings.downloadAttempts(), settings.backoffMin(), settings.backoffMax(),
              settings.cache().budget(), settings.cache().diskSpace());
      data.removeTemporaryFiles();
      AppCache apps =
          AppCache.create(
              workDir.resolve("apps"),
              data,
              ZipExtractor.create(settings.maxAppBytes(), settings.maxAppEntries()),
              blocking);
      apps.removeTemporaryFolders();
      data.scan();
      apps.scan();
      data.budget().enforce();
      client =
          DispatcherClient.create(
              settings.dispatcherUri(), settings.connectTimeout(), settings.requestTimeout(), settings.httpThreads());
      OwnerActivity owner;
      try {
        ProcessTreeCpu tree = new ProcessTreeCpu();
        // the worker's own work: its process tree (native tasks), and its containers (outside the tree)
        java.util.function.LongSupplier own = engine == null ? tree : () -> tree.getAsLong() + engine.cpuNanos();
        owner = OwnerActivity.fromSettings(settings.volunteer(), own);
      } catch (java.io.UncheckedIOException e) {
        throw new WorkerNodeException("volunteer policy " + settings.volunteer().policy() + " needs the host's load: " + e.getMessage(), e);
      }
      NativeExecutor executor = NativeExecutor.create(sandbox, blocking, timer, settings.stderrTailBytes());
      TaskRunner runner =
          TaskRunner.create(
              client, data, apps, executor, folders, blocking, settings.defaultTaskTimeout(),
              held, key, settings.testingSaboteur(), docker, settings.resources().defaultLimits(), budget.cpuMillisPerTask());

      log.info(
          "Worker [{}] starting: dispatcher {}, {} slots, work dir {}, sandbox {}{}",
          settings.name(),
          settings.dispatcher(),
          settings.slots(),
          workDir,
          sandbox.describe(),
          identity.map(i -> ", registered as " + i.workerId()).orElse(", not registered yet"));

      if (settings.testingSaboteur().lies()) {
        log.warn(
            "FOR TESTS ONLY: --testing-saboteur={}: this worker LIES on certified tasks, committing to"
                + " a sabotaged output instead of the real one. Never run it on a real grid.",
            settings.testingSaboteur());
      }
      if (settings.testingMisbehave().misbehaves()) {
        log.warn(
            "FOR TESTS ONLY: --testing-misbehave={}: this worker BREAKS the reveal protocol of certified"
                + " tasks ({}). Never run it on a real grid.",
            settings.testingMisbehave(),
            switch (settings.testingMisbehave()) {
              case NO_REVEAL -> "it never reveals nor uploads its results";
              case NO_UPLOAD -> "it reveals but never uploads its results";
              default -> "it reveals digests other than those it committed to and never uploads";
            });
      }

      AtomicReference<String> failure = new AtomicReference<>();
      CompletableFuture<ActorSystem<Guardian.Command>> systemRef = new CompletableFuture<>();
      Duration drainTimeout = settings.stopGrace().plus(settings.stopReportTimeout()).plus(DRAIN_MARGIN);
      ActorSystem<Guardian.Command> system =
          ActorSystem.create(
              Guardian.create(
                  settings,
                  client,
                  identities,
                  identity.orElse(null),
                  key,
                  runner,
                  reports,
                  folders,
                  held,
                  pending,
                  owner,
                  reason -> {
                    if (failure.compareAndSet(null, reason)) {
                      log.error("Worker stops: {}", reason);
                      systemRef.thenAccept(
                          s -> CoordinatedShutdown.get(s).run(StopReason.FAILED, Optional.empty()));
                    }
                  }),
              "xw-worker",
              systemConfig(drainTimeout).withFallback(config));
      systemRef.complete(system);
      CoordinatedShutdown.get(system)
          .addTask(
              CoordinatedShutdown.PhaseServiceRequestsDone(),
              "drain-worker",
              () -> AskPattern.ask(system, Guardian.Drain::new, drainTimeout, system.scheduler()));

      CompletableFuture<Void> termination = new CompletableFuture<>();
      ExecutorService blockingPool = blocking;
      ScheduledThreadPoolExecutor timerPool = timer;
      DispatcherClient httpClient = client;
      Sandbox box = sandbox;
      // within the shutdown itself: on SIGTERM the JVM exits once it is done
      CoordinatedShutdown.get(system)
          .addTask(
              CoordinatedShutdown.PhaseBeforeActorSystemTerminate(),
              "remove-task-cgroups",
              () -> CompletableFuture.supplyAsync(() -> {
                box.close();
                return Done.getInstance();
              }, blockingPool));
      system
          .getWhenTerminated()
          .whenComplete(
              (done, e) -> {
                blockingPool.shutdown();
                timerPool.shutdownNow();
                httpClient.close();
                box.close();
                if (engine != null) {
                  engine.close();
                }
                lock.close();
                String reason = failure.get();
                log.info("Worker [{}] stopped{}", settings.name(), reason == null ? "" : ": " + reason);
                if (reason != null) {
                  termination.completeExceptionally(new WorkerNodeException(reason));
                } else {
                  termination.complete(null);
                }
              });
      return new WorkerNode(settings, workDir, sandbox, system, termination);
    } catch (WorkerNodeException | RuntimeException e) {
      cleanUp(lock, blocking, timer, client, sandbox, docker);
      throw e;
    } catch (DockerUnavailableException e) {
      cleanUp(lock, blocking, timer, client, sandbox, docker);
      throw new WorkerNodeException("docker.enabled = required: " + e.getMessage(), e);
    } catch (SandboxUnavailableException e) {
      cleanUp(lock, blocking, timer, client, sandbox, docker);
      throw new WorkerNodeException("sandbox: " + e.getMessage(), e);
    } catch (IOException e) {
      cleanUp(lock, blocking, timer, client, sandbox, docker);
      throw new WorkerNodeException("cannot prepare work dir " + workDir + ": " + e.getMessage(), e);
    }
  }

  /** Stops gracefully: no more pulls, running tasks finish (or are aborted after stop.grace), last reports sent or saved. */
  public CompletionStage<Void> stop() {
    CoordinatedShutdown.get(system).run(StopReason.STOPPED, Optional.empty());
    return termination;
  }

  /** Completes when the node has stopped: normally, or with a {@link WorkerNodeException} if it had to. */
  public CompletionStage<Void> termination() {
    return termination;
  }

  public WorkerNodeSettings settings() {
    return settings;
  }

  /** The absolute work dir. */
  public Path workDir() {
    return workDir;
  }

  /** True when tasks run inside bubblewrap. */
  public boolean sandboxed() {
    return sandbox.isolated();
  }

  private static Config systemConfig(Duration drainTimeout) {
    return ConfigFactory.parseString(
        String.join(
            "\n",
            "pekko.actor.provider = local",
            "pekko.loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
            "pekko.logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
            "pekko.loglevel = DEBUG",
            "pekko.log-dead-letters-during-shutdown = off",
            "pekko.coordinated-shutdown.phases.service-requests-done.timeout = "
                + drainTimeout.toMillis() + "ms"));
  }

  private static void cleanUp(
      WorkDirLock lock, ExecutorService blocking, ScheduledThreadPoolExecutor timer, DispatcherClient client, Sandbox sandbox,
      DockerEngine docker) {
    if (docker != null) {
      docker.close();
    }
    if (client != null) {
      client.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
    if (blocking != null) {
      blocking.shutdownNow();
    }
    if (timer != null) {
      timer.shutdownNow();
    }
    lock.close();
  }

  /** This worker node's containers' owner label: stable across restarts of its work dir, distinct per host and work dir. */
  static String dockerOwner(Path workDir) {
    String host = System.getenv("HOSTNAME");
    try {
      host = host == null || host.isBlank() ? java.net.InetAddress.getLocalHost().getHostName() : host;
    } catch (java.io.IOException e) {
      host = "host";
    }
    return "xw-" + org.xwgrid.common.Hashes.sha256Hex((host + ":" + workDir).getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16);
  }

  private static List<String> withDockerTag(List<String> tags) {
    List<String> t = new java.util.ArrayList<>(tags);
    if (!t.contains(DockerEngine.CAPABILITY)) {
      t.add(DockerEngine.CAPABILITY);
    }
    return t;
  }

  /**
   * The replicas whose containers an earlier run left (it was killed while they ran), reported
   * as withdrawn: lost by the worker, not failed by the task, they run again elsewhere.
   */
  private static List<PendingReport> lostInContainers(List<Leftover> left) {
    List<PendingReport> lost = new java.util.ArrayList<>();
    for (Leftover l : left) {
      TaskFolders.replicaOf(l.replica()).ifPresentOrElse(
          r -> {
            log.warn("Replica [{}] was lost when this worker stopped while its container ran; reporting it", r);
            lost.add(new PendingReport(
                TaskReport.withdrawn(r, "lost: the worker stopped while its container ran (container "
                    + l.containerId().substring(0, Math.min(12, l.containerId().length())) + " removed at restart)", 0),
                l.replica(), true));
          },
          () -> log.warn("Container [{}] left by an earlier run names no replica ([{}])", l.containerId(), l.replica()));
    }
    return lost;
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
