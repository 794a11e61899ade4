package org.xwgrid.launcher;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.api.Capabilities;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.WorkerApi;
import org.xwgrid.common.api.WorkerApi.Assignment;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.worker.net.DispatcherClient;
import org.xwgrid.worker.net.WorkerCredentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xw bench}: throughput figures, each ending with {@code RESULT <name> <value> <unit>} lines. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks on a local grid: dispatch (simulated workers) and exec (real processes).",
    subcommands = {BenchCommand.Dispatch.class, BenchCommand.Exec.class})
public final class BenchCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.out.println("xw bench dispatch | xw bench exec   (see --help of each)");
    return 0;
  }

  /**
   * Dispatch throughput: a real dispatcher process with its H2 journal, N simulated workers in
   * this process speaking the real HTTP worker protocol (long-poll work requests of a batch each,
   * batched result reports, heartbeats) with a no-op executor.
   */
  @Command(name = "dispatch", mixinStandardHelpOptions = true, description = "Tasks per second through the real worker protocol and journal.")
  static final class Dispatch implements Callable<Integer> {
    @Option(names = "--workers", defaultValue = "100") int workers;
    @Option(names = "--tasks", defaultValue = "100000") int tasks;
    @Option(names = "--batch", defaultValue = "100", description = "Tasks asked per work request (a worker's free slots).") int batch;
    @Option(names = "--dir", description = "Data folder (default: a temp folder).") Path dir;

    @Override
    public Integer call() throws Exception {
      return inDataFolder(dir, this::measure);
    }

    private int measure(Path home) throws Exception {
      try (LocalGrid grid = LocalGrid.start(home);
          DispatcherClient net = DispatcherClient.create(URI.create(grid.url()), Duration.ofSeconds(5), Duration.ofSeconds(60), 4)) {
        GridClient admin = grid.admin();
        noopApp(admin, home);
        String enrol = grid.enrolmentToken();
        List<SimulatedWorker> sims = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
          WorkerApi.Registered r =
              net.register(enrol, new WorkerApi.Register(null, "sim-" + i, Capabilities.ofThisHost(List.of()), batch, null))
                  .toCompletableFuture().get();
          WorkerCredentials c = new WorkerCredentials(r.workerId(), r.workerToken());
          Path result = home.resolve("result-" + i);
          Files.writeString(result, "no-op result of " + r.workerId(), StandardCharsets.UTF_8);
          DataRef ref = net.upload(c, result, "result.zip").toCompletableFuture().get();
          sims.add(new SimulatedWorker(net, c, ref, batch));
        }
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor();
        beat.scheduleAtFixedRate(
            () -> sims.forEach(s -> net.heartbeat(s.credentials, new WorkerApi.Heartbeat(List.of()))), 1, 2, TimeUnit.SECONDS);
        System.out.printf("%d simulated workers registered; submitting %d tasks%n", workers, tasks);
        long t0 = System.nanoTime();
        JobView job = admin.submitJob(new JobRequest("noop", "bench", tasks, Map.of(), null, null, 3600L, null, null));
        long submitted = System.nanoTime();
        AtomicBoolean stop = new AtomicBoolean();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        sims.forEach(s -> loops.add(s.run(stop)));
        while (!"COMPLETED".equals(job.state())) {
          Thread.sleep(100);
          job = admin.getJob(job.id());
          if (!"RUNNING".equals(job.state()) && !"COMPLETED".equals(job.state())) {
            throw new IllegalStateException("the job ended " + job.state() + ": " + job.counts());
          }
        }
        long t1 = System.nanoTime();
        stop.set(true);
        beat.shutdownNow();
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        long done = sims.stream().mapToLong(s -> s.done.get()).sum();
        double secs = (t1 - t0) / 1e9;
        System.out.printf("%d tasks completed in %.2f s (submit took %.2f s); %d results acknowledged%n",
            tasks, secs, (submitted - t0) / 1e9, done);
        System.out.printf("RESULT dispatch_throughput %.0f tasks/s%n", tasks / secs);
        System.out.printf("RESULT dispatch_requests %.0f requests/s%n", sims.stream().mapToLong(s -> s.requests.get()).sum() / secs);
        return 0;
      }
    }
  }

  /** One simulated worker: ask for a batch, report every task done at once, again. */
  private static final class SimulatedWorker {
    final DispatcherClient net;
    final WorkerCredentials credentials;
    final DataRef result;
    final int batch;
    final AtomicLong done = new AtomicLong();
    final AtomicLong requests = new AtomicLong();

    SimulatedWorker(DispatcherClient net, WorkerCredentials credentials, DataRef result, int batch) {
      this.net = net;
      this.credentials = credentials;
      this.result = result;
      this.batch = batch;
    }

    CompletableFuture<Void> run(AtomicBoolean stop) {
      if (stop.get()) {
        return CompletableFuture.completedFuture(null);
      }
      requests.incrementAndGet();
      return net.requestWork(credentials, new WorkerApi.WorkRequest(batch, 500))
          .thenCompose(this::report)
          .exceptionally(t -> null)
          .thenCompose(v -> run(stop))
          .toCompletableFuture();
    }

    private CompletionStage<Void> report(WorkerApi.WorkBatch b) {
      if (b.assignments().isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      List<TaskReport> reports = new ArrayList<>(b.assignments().size());
      for (Assignment a : b.assignments()) {
        reports.add(new TaskReport(a.replica(), true, result, result.sha256(), 0, null, 0));
      }
      requests.incrementAndGet();
      return net.reportResults(credentials, new WorkerApi.ResultReport(reports))
          .thenAccept(ack -> done.addAndGet(ack.accepted().size()));
    }
  }

  /**
   * Process throughput: {@code /bin/true} tasks through a real local worker process (2 slots),
   * plain and in bubblewrap, beside {@code xargs -P 2} running {@code /bin/true} on this machine.
   */
  @Command(name = "exec", mixinStandardHelpOptions = true, description = "Real process tasks per second, against xargs -P 2.")
  static final class Exec implements Callable<Integer> {
    @Option(names = "--tasks", defaultValue = "2000") int tasks;
    @Option(names = "--slots", defaultValue = "2") int slots;
    @Option(names = "--warmups", defaultValue = "2", description = "Unmeasured jobs of --tasks tasks run first on each worker, at least.") int warmups;
    @Option(names = "--warmup-seconds", defaultValue = "90",
        description = "More warm-up jobs run until this long has passed on each worker (the JIT of a fresh dispatcher takes minutes to settle).")
    int warmupSeconds;
    @Option(names = "--dir", description = "Data folder (default: a temp folder).") Path dir;
    @Option(names = "--worker-config", paramLabel = "FILE",
        description = "Settings of the measured workers (xw worker --config), e.g. isolation.cgroups = off.") Path workerConfig;
    @Option(names = "--no-bwrap", description = "Measure the plain worker only, not the one in bubblewrap.") boolean noBwrap;

    @Override
    public Integer call() throws Exception {
      return inDataFolder(dir, this::measure);
    }

    private int measure(Path home) throws Exception {
      long self = ProcessHandle.current().pid();
      JvmCpu x0 = JvmCpu.of(self);
      double xargs = xargs(tasks, slots);
      System.out.printf("xargs -P %d: %d x /bin/true at %.0f/s%n", slots, tasks, xargs);
      double xargsCpu = (double) JvmCpu.of(self).minus(x0).childrenMs() / tasks;
      try (LocalGrid grid = LocalGrid.start(home)) {
        GridClient admin = grid.admin();
        trueApp(admin, home);
        Measured plain = run(grid, admin, "plain", "none");
        boolean bwrap = !noBwrap && onPath("bwrap");
        Measured sandboxed = bwrap ? run(grid, admin, "bwrap", "bwrap") : null;
        double xargsAgain = xargs(tasks, slots);
        double x = (xargs + xargsAgain) / 2;
        System.out.printf("RESULT exec_xargs %.0f tasks/s%n", x);
        System.out.printf("RESULT exec_grid_plain %.0f tasks/s%n", plain.rate());
        if (bwrap) {
          System.out.printf("RESULT exec_grid_bwrap %.0f tasks/s%n", sandboxed.rate());
        }
        System.out.printf("RESULT exec_ratio_plain %.2f x%n", plain.rate() / x);
        System.out.printf("RESULT exec_cpu_xargs %.2f ms/task%n", xargsCpu);
        System.out.printf("RESULT exec_cpu_plain_dispatcher %.2f ms/task%n", plain.per(plain.dispatcher().ownMs()));
        System.out.printf("RESULT exec_cpu_plain_dispatcher_jit %.2f ms/task%n", plain.per(plain.dispatcher().jitMs()));
        System.out.printf("RESULT exec_cpu_plain_worker %.2f ms/task%n", plain.per(plain.worker().ownMs()));
        System.out.printf("RESULT exec_cpu_plain_worker_jit %.2f ms/task%n", plain.per(plain.worker().jitMs()));
        System.out.printf("RESULT exec_cpu_plain_tasks %.2f ms/task%n", plain.per(plain.worker().childrenMs()));
        return 0;
      }
    }

    /** A measured job: its rate, and the CPU the dispatcher and the worker (and its tasks) spent on it. */
    private record Measured(double rate, int tasks, JvmCpu dispatcher, JvmCpu worker) {
      double per(long ms) {
        return (double) ms / tasks;
      }
    }

    private Measured run(LocalGrid grid, GridClient admin, String name, String sandbox) throws Exception {
      int before = admin.listWorkers().workers().size();
      Process worker =
          workerConfig == null
              ? grid.startWorker("bench-" + name, slots, "--sandbox", sandbox)
              : grid.startWorker("bench-" + name, slots, "--sandbox", sandbox, "--config", workerConfig.toAbsolutePath().toString());
      try {
        while (admin.listWorkers().workers().size() <= before) {
          Thread.sleep(100);
        }
        // warm up: the app download, the first upload of the empty output, and the JIT of both JVMs
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
        for (int round = 0; round < warmups || System.nanoTime() < warmEnd; round++) {
          JobView w = finish(admin, admin.submitJob(new JobRequest("true", "warm-up", tasks, Map.of(), null, null, 60L, null, null)));
          System.out.printf("warm-up %d (%s): %d tasks at %.0f/s%n", round + 1, name, tasks, rate(w));
        }
        long dispatcherPid = grid.dispatcher().pid();
        JvmCpu d0 = JvmCpu.of(dispatcherPid);
        JvmCpu w0 = JvmCpu.of(worker.pid());
        JobView job = finish(admin, admin.submitJob(new JobRequest("true", "exec " + name, tasks, Map.of(), null, null, 60L, null, null)));
        Measured m = new Measured(rate(job), tasks, JvmCpu.of(dispatcherPid).minus(d0), JvmCpu.of(worker.pid()).minus(w0));
        System.out.printf(
            "grid (%s, %d slots): %d tasks %s at %.0f/s; CPU per task: dispatcher %.2f ms (JIT %.2f), worker %.2f ms (JIT %.2f), the tasks' processes %.2f ms%n",
            name, slots, tasks, job.state(), m.rate(), m.per(m.dispatcher().ownMs()), m.per(m.dispatcher().jitMs()),
            m.per(m.worker().ownMs()), m.per(m.worker().jitMs()), m.per(m.worker().childrenMs()));
        return m;
      } finally {
        worker.destroy();
        worker.waitFor(20, TimeUnit.SECONDS);
      }
    }

    /**
     * Tasks per second of a finished job, between the dispatcher's own submit and finish times:
     * exact however seldom the job is polled.
     */
    private static double rate(JobView job) {
      return job.tasks() / (Duration.between(job.submittedAt(), job.finishedAt()).toNanos() / 1e9);
    }

    /** Waits for the end of a job, asking four times a second (the poller must not load the dispatcher). */
    private static JobView finish(GridClient admin, JobView job) throws InterruptedException {
      while ("RUNNING".equals(job.state())) {
        Thread.sleep(250);
        job = admin.getJob(job.id());
      }
      if (!"COMPLETED".equals(job.state())) {
        throw new IllegalStateException("the job ended " + job.state() + ": " + job.counts());
      }
      return job;
    }

    private static double xargs(int tasks, int slots) throws IOException, InterruptedException {
      long t0 = System.nanoTime();
      Process p =
          new ProcessBuilder("sh", "-c", "seq " + tasks + " | xargs -P " + slots + " -I{} /bin/true")
              .inheritIO()
              .start();
      if (p.waitFor() != 0) {
        throw new IOException("xargs failed");
      }
      return tasks / ((System.nanoTime() - t0) / 1e9);
    }
  }

  /** A measurement in a data folder. */
  private interface Measurement {
    int in(Path home) throws Exception;
  }

  /**
   * Runs {@code m} in {@code dir}, or in a temp folder that is removed once it succeeded (the
   * grid's journal and logs, hundreds of MB), and kept, with its path printed, when it failed.
   */
  private static int inDataFolder(Path dir, Measurement m) throws Exception {
    Path home = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("xwgrid-bench-");
    boolean ok = false;
    try {
      int rc = m.in(home);
      ok = rc == 0;
      return rc;
    } finally {
      if (dir == null && !ok) {
        System.err.println("The benchmark's grid, its journal and logs are kept in " + home);
      } else if (dir == null) {
        try {
          org.xwgrid.common.Zips.deleteTree(home);
        } catch (IOException e) {
          System.err.println("Cannot remove " + home + ": " + e.getMessage());
        }
      }
    }
  }

  private static boolean onPath(String exe) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(d, exe))) {
        return true;
      }
    }
    return false;
  }

  private static void noopApp(GridClient admin, Path home) throws IOException {
    trueApp(admin, home, "noop");
  }

  private static void trueApp(GridClient admin, Path home) throws IOException {
    trueApp(admin, home, "true");
  }

  /** An app whose entrypoint is {@code /bin/true}. */
  private static void trueApp(GridClient admin, Path home, String name) throws IOException {
    Path app = Files.createDirectories(home.resolve("app-" + name));
    Files.writeString(app.resolve("README"), name + " benchmark app\n");
    Files.writeString(
        app.resolve("xwapp.json"),
        "{\"name\":\"" + name + "\",\"version\":\"1\",\"kind\":\"native\",\"entrypoint\":[\"/bin/true\"],\"files\":{\"README\":\"README\"}}");
    admin.registerAppFolder(app);
  }
}
