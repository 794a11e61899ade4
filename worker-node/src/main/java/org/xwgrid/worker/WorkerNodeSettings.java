package org.xwgrid.worker;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.xwgrid.common.api.Capabilities;
import org.xwgrid.common.api.TaskLimits;
import org.xwgrid.worker.cache.CacheSettings;
import org.xwgrid.worker.exec.SandboxMode;
import org.xwgrid.worker.exec.SandboxSettings;
import org.xwgrid.worker.exec.docker.DockerSettings;
import org.xwgrid.worker.task.Misbehaviour;
import org.xwgrid.worker.task.Saboteur;
import org.xwgrid.worker.volunteer.VolunteerSettings;

/**
 * Everything the worker node reads from {@code xwgrid.worker} (see {@code reference.conf}), read
 * once; the {@code with...} methods apply command-line flags. {@link #validate()} checks what
 * must hold before starting.
 */
public record WorkerNodeSettings(
    String dispatcher,
    String token,
    String name,
    int slots,
    Path workDir,
    List<String> tags,
    SandboxMode sandbox,
    Duration backoffMin,
    Duration backoffMax,
    double backoffRandomFactor,
    Duration longPollWait,
    int prefetch,
    Duration shortTaskThreshold,
    int shortTaskPrefetch,
    Duration shortTaskHorizon,
    int maxPrefetch,
    Duration reportBatchDelay,
    Duration reportStatusDelay,
    Duration reportPersistDelay,
    int reportMaxBatch,
    int uploadParallelism,
    int downloadAttempts,
    Duration connectTimeout,
    Duration requestTimeout,
    int httpThreads,
    Duration defaultTaskTimeout,
    int stderrTailBytes,
    long maxAppBytes,
    int maxAppEntries,
    Duration stopGrace,
    Duration stopReportTimeout,
    Saboteur testingSaboteur,
    Misbehaviour testingMisbehave,
    Resources resources,
    VolunteerSettings volunteer,
    DockerSettings docker,
    CacheSettings cache) {

  public static final String PATH = "xwgrid.worker";

  /**
   * How the host's resources are shared: {@code slotMemoryBytes} of memory per slot when the
   * number of slots is automatic (0: the cores and the memory decide, whichever allows fewer),
   * and the limits of a task whose job sets none ({@code task.limits}).
   */
  public record Resources(long slotMemoryBytes, TaskLimits defaultLimits) {
    public static final Resources DEFAULT = new Resources(512L << 20, new TaskLimits(0, 0, 4096));

    public Resources {
      if (slotMemoryBytes < 1 << 20) {
        throw new IllegalArgumentException("task.slot-memory must be at least 1MiB");
      }
      defaultLimits = defaultLimits == null ? TaskLimits.NONE : defaultLimits;
    }

    /** Slots for a host of {@code cores} and {@code memoryBytes}: one per core, as many as the memory allows. */
    public int autoSlots(int cores, long memoryBytes) {
      long byMemory = Math.max(1, memoryBytes / slotMemoryBytes);
      return (int) Math.max(1, Math.min(cores, byMemory));
    }
  }

  public WorkerNodeSettings {
    tags = tags == null ? List.of() : List.copyOf(tags);
    resources = resources == null ? Resources.DEFAULT : resources;
    if (volunteer == null || docker == null || cache == null) {
      throw new IllegalArgumentException("volunteer, docker and cache settings are required");
    }
    if (slots <= 0) {
      Capabilities host = Capabilities.ofThisHost(List.of());
      slots = resources.autoSlots(host.cores(), host.memoryMb() << 20);
    }
    if (name == null || name.isBlank()) {
      name = hostName();
    }
    dispatcher = dispatcher == null || dispatcher.isBlank() ? null : dispatcher.strip();
    token = token == null || token.isBlank() ? null : token.strip();
    testingSaboteur = testingSaboteur == null ? Saboteur.NONE : testingSaboteur;
    testingMisbehave = testingMisbehave == null ? Misbehaviour.NONE : testingMisbehave;
  }

  /** Reads {@code xwgrid.worker} of {@code config} (which should include the reference.conf). */
  public static WorkerNodeSettings fromConfig(Config config) {
    return read(new Reader(config.getConfig(PATH)));
  }

  /** The keys {@link #fromConfig} reads, relative to {@code xwgrid.worker} (for the dead-config test). */
  static Set<String> keysRead(Config config) {
    Reader r = new Reader(config.getConfig(PATH));
    read(r);
    r.read.addAll(VolunteerSettings.keysRead(config));
    SandboxSettings.KEYS.forEach(k -> r.read.add("isolation." + k));
    r.read.addAll(DockerSettings.keysRead(config));
    r.read.addAll(CacheSettings.KEYS);
    return r.read;
  }

  private static WorkerNodeSettings read(Reader c) {
    return new WorkerNodeSettings(
        c.string("dispatcher"),
        c.string("token"),
        c.string("name"),
        c.integer("slots"),
        Path.of(c.string("work-dir")),
        c.strings("tags"),
        SandboxMode.parse(c.string("sandbox")),
        c.duration("backoff.min"),
        c.duration("backoff.max"),
        c.real("backoff.random-factor"),
        c.duration("work.long-poll-wait"),
        c.integer("work.prefetch"),
        c.duration("work.short-task-threshold"),
        c.integer("work.short-task-prefetch"),
        c.duration("work.short-task-horizon"),
        c.integer("work.max-prefetch"),
        c.duration("report.batch-delay"),
        c.duration("report.status-delay"),
        c.duration("report.persist-delay"),
        c.integer("report.max-batch"),
        c.integer("report.upload-parallelism"),
        c.integer("download.attempts"),
        c.duration("http.connect-timeout"),
        c.duration("http.request-timeout"),
        c.integer("http.threads"),
        c.duration("task.default-timeout"),
        (int) c.bytes("task.stderr-tail"),
        c.bytes("app.max-bytes"),
        c.integer("app.max-entries"),
        c.duration("stop.grace"),
        c.duration("stop.report-timeout"),
        Saboteur.parse(c.string("testing.saboteur")),
        Misbehaviour.parse(c.string("testing.misbehave")),
        new Resources(
            c.bytes("task.slot-memory"),
            new TaskLimits(c.bytes("task.limits.memory") >> 20, c.real("task.limits.cpus"), c.integer("task.limits.pids"))),
        VolunteerSettings.fromConfig(c.root()),
        DockerSettings.fromConfig(c.root()),
        CacheSettings.fromConfig(c.root()));
  }

  /**
   * Checks what the node needs: a valid http(s) dispatcher URL and sane numbers. The enrolment
   * token is checked at start, as a stored identity makes it unnecessary.
   *
   * @throws IllegalArgumentException with a one-line message
   */
  public WorkerNodeSettings validate() {
    dispatcherUri();
    if (shortTaskHorizon.isNegative()) {
      throw new IllegalArgumentException("work.short-task-horizon must be >= 0, not " + shortTaskHorizon);
    }
    if (prefetch < 0 || shortTaskPrefetch < 0 || maxPrefetch < 0 || reportMaxBatch < 1 || uploadParallelism < 1 || httpThreads < 1) {
      throw new IllegalArgumentException(
          "work.prefetch, work.short-task-prefetch and work.max-prefetch must be >= 0 and report.max-batch, report.upload-parallelism, http.threads >= 1");
    }
    if (!tags.stream().allMatch(t -> t != null && !t.isBlank())) {
      throw new IllegalArgumentException("tags must not be empty");
    }
    return this;
  }

  /** The dispatcher base URL. */
  public URI dispatcherUri() {
    if (dispatcher == null) {
      throw new IllegalArgumentException("no dispatcher URL: pass --dispatcher URL or set XW_DISPATCHER");
    }
    try {
      URI u = new URI(dispatcher);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getHost().isEmpty()) {
        throw new URISyntaxException(dispatcher, "expected http://host[:port]");
      }
      if (u.getQuery() != null || u.getFragment() != null) {
        throw new URISyntaxException(dispatcher, "no query or fragment expected");
      }
      return u;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "dispatcher URL '" + dispatcher + "' is not valid: " + e.getReason()
              + " (e.g. http://dispatcher:8080)");
    }
  }

  public WorkerNodeSettings withDispatcher(String v) {
    return copy(v, token, name, slots, workDir, tags, sandbox, prefetch);
  }

  public WorkerNodeSettings withToken(String v) {
    return copy(dispatcher, v, name, slots, workDir, tags, sandbox, prefetch);
  }

  public WorkerNodeSettings withName(String v) {
    return copy(dispatcher, token, v, slots, workDir, tags, sandbox, prefetch);
  }

  /** 0 = as many as the cores and the memory allow (see {@link Resources#autoSlots}). */
  public WorkerNodeSettings withSlots(int v) {
    return copy(dispatcher, token, name, v, workDir, tags, sandbox, prefetch);
  }

  public WorkerNodeSettings withWorkDir(Path v) {
    return copy(dispatcher, token, name, slots, v, tags, sandbox, prefetch);
  }

  public WorkerNodeSettings withTags(List<String> v) {
    return copy(dispatcher, token, name, slots, workDir, v, sandbox, prefetch);
  }

  public WorkerNodeSettings withSandbox(SandboxMode v) {
    return copy(dispatcher, token, name, slots, workDir, tags, v, prefetch);
  }

  public WorkerNodeSettings withPrefetch(int v) {
    return copy(dispatcher, token, name, slots, workDir, tags, sandbox, v);
  }

  /** How docker apps run (auto, required or off, the engine's address...). */
  public WorkerNodeSettings withDocker(DockerSettings d) {
    return parts(testingSaboteur, testingMisbehave, volunteer, d);
  }

  /** The volunteer mode (activation policy, windows, max CPU share, simulated owner). */
  public WorkerNodeSettings withVolunteer(VolunteerSettings v) {
    return parts(testingSaboteur, testingMisbehave, v, docker);
  }

  /** FOR TESTS ONLY: a worker that lies on certified tasks (see {@link Saboteur}). */
  public WorkerNodeSettings withTestingSaboteur(Saboteur v) {
    return parts(v, testingMisbehave, volunteer, docker);
  }

  /** FOR TESTS ONLY: a worker that breaks the reveal protocol of certified tasks (see {@link Misbehaviour}). */
  public WorkerNodeSettings withTestingMisbehave(Misbehaviour v) {
    return parts(testingSaboteur, v, volunteer, docker);
  }

  /** The timing knobs at once (tests and benchmarks). */
  public WorkerNodeSettings withTimings(
      Duration backoffMin, Duration backoffMax, Duration longPollWait, Duration reportBatchDelay, Duration stopGrace) {
    return new WorkerNodeSettings(
        dispatcher, token, name, slots, workDir, tags, sandbox, backoffMin, backoffMax,
        backoffRandomFactor, longPollWait, prefetch, shortTaskThreshold, shortTaskPrefetch, shortTaskHorizon, maxPrefetch, reportBatchDelay, reportStatusDelay, reportPersistDelay, reportMaxBatch,
        uploadParallelism, downloadAttempts, connectTimeout, requestTimeout, httpThreads,
        defaultTaskTimeout, stderrTailBytes, maxAppBytes, maxAppEntries, stopGrace,
        stopReportTimeout, testingSaboteur, testingMisbehave, resources, volunteer, docker, cache);
  }

  /** This with the parts flags and tests replace. */
  private WorkerNodeSettings parts(
      Saboteur testingSaboteur, Misbehaviour testingMisbehave, VolunteerSettings volunteer, DockerSettings docker) {
    return new WorkerNodeSettings(
        dispatcher, token, name, slots, workDir, tags, sandbox, backoffMin, backoffMax,
        backoffRandomFactor, longPollWait, prefetch, shortTaskThreshold, shortTaskPrefetch, shortTaskHorizon, maxPrefetch, reportBatchDelay, reportStatusDelay, reportPersistDelay, reportMaxBatch,
        uploadParallelism, downloadAttempts, connectTimeout, requestTimeout, httpThreads,
        defaultTaskTimeout, stderrTailBytes, maxAppBytes, maxAppEntries, stopGrace,
        stopReportTimeout, testingSaboteur, testingMisbehave, resources, volunteer, docker, cache);
  }

  private WorkerNodeSettings copy(
      String dispatcher, String token, String name, int slots, Path workDir, List<String> tags,
      SandboxMode sandbox, int prefetch) {
    return new WorkerNodeSettings(
        dispatcher, token, name, slots, workDir, tags, sandbox, backoffMin, backoffMax,
        backoffRandomFactor, longPollWait, prefetch, shortTaskThreshold, shortTaskPrefetch, shortTaskHorizon, maxPrefetch, reportBatchDelay, reportStatusDelay, reportPersistDelay, reportMaxBatch,
        uploadParallelism, downloadAttempts, connectTimeout, requestTimeout, httpThreads,
        defaultTaskTimeout, stderrTailBytes, maxAppBytes, maxAppEntries, stopGrace,
        stopReportTimeout, testingSaboteur, testingMisbehave, resources, volunteer, docker, cache);
  }

  @Override
  public String toString() {
    return "WorkerNodeSettings[dispatcher=" + dispatcher + ", name=" + name + ", slots=" + slots
        + ", workDir=" + workDir + ", tags=" + tags + ", sandbox=" + sandbox + ", token="
        + (token == null ? "none" : "***")
        + (testingSaboteur.lies() ? ", testingSaboteur=" + testingSaboteur : "")
        + (testingMisbehave.misbehaves() ? ", testingMisbehave=" + testingMisbehave : "") + "]";
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "worker";
    }
  }

  /** Reads keys and remembers which. */
  private static final class Reader {
    private final Config c;
    private final Set<String> read = new TreeSet<>();

    Reader(Config c) {
      this.c = c;
    }

    /** The whole config, for the settings of parts that read their own block. */
    Config root() {
      return c.atPath(PATH);
    }

    String string(String k) {
      read.add(k);
      return c.getString(k);
    }

    List<String> strings(String k) {
      read.add(k);
      return c.getStringList(k);
    }

    int integer(String k) {
      read.add(k);
      return c.getInt(k);
    }

    double real(String k) {
      read.add(k);
      return c.getDouble(k);
    }

    long bytes(String k) {
      read.add(k);
      return c.getBytes(k);
    }

    Duration duration(String k) {
      read.add(k);
      return c.getDuration(k);
    }
  }
}
