package org.xwgrid.worker.exec.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.worker.exec.ContainerRuntime;
import org.xwgrid.worker.exec.ExecSpec;
import org.xwgrid.worker.exec.Execution;

/**
 * The worker's link to a Docker engine: checks that it answers ({@link #probe()}), loads task
 * images from {@code docker save} archives ({@link #ensureImage}), removes the containers a crash
 * left behind ({@link #removeLeftovers()}) and makes one {@link ContainerRun} per task ({@link
 * #execution}). Every container it creates carries the labels {@code <label>.owner = owner} and
 * {@code <label>.replica = task folder}.
 *
 * <p>Two clients share the engine: one for short calls, bounded by {@code response-timeout}, and
 * one with no response timeout for the calls that legitimately stay silent for long (the wait
 * for a task's end, which sends nothing until then; its logs; an image load). Thread-safe; every
 * method blocks, so call them from pool threads, never from an actor.
 */
public final class DockerEngine implements ContainerRuntime, AutoCloseable {
  /** The capability tag a worker with a usable engine announces. */
  public static final String CAPABILITY = "docker";

  private static final Logger log = LoggerFactory.getLogger(DockerEngine.class);
  private static final int MAX_CONNECTIONS = 256;

  private final DockerSettings settings;
  private final String owner;
  private final String host;
  private final DockerClient rpc;
  private final DockerClient stream;
  private final String cgroupPrefix;
  private final java.util.concurrent.atomic.AtomicLong endedCpuNanos = new java.util.concurrent.atomic.AtomicLong();
  private final Map<String, Object> imageLocks = new ConcurrentHashMap<>();
  private volatile Boolean accounting;

  private DockerEngine(DockerSettings settings, String owner, String host) {
    this.settings = settings;
    this.owner = owner;
    this.host = host;
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
    this.rpc = client(config, settings.connectTimeout(), settings.responseTimeout());
    this.stream = client(config, settings.connectTimeout(), null);
    this.cgroupPrefix = settings.label() + "-" + shortHash(owner) + "-";
  }

  /**
   * An engine client for the worker named {@code owner} (the value of its containers' owner
   * label: one name per worker node, the same across restarts). Connects lazily: nothing is
   * checked until {@link #probe()}.
   */
  public static DockerEngine create(DockerSettings settings, String owner) {
    if (owner == null || owner.isBlank()) {
      throw new IllegalArgumentException("a Docker engine needs the worker's name as owner");
    }
    return new DockerEngine(settings, owner, settings.dockerHost(System.getenv()));
  }

  /**
   * Applies {@code docker.enabled}: {@code off} gives nothing; otherwise an engine that answered
   * {@link #probe()}. When it does not answer, {@code auto} logs one warning and gives nothing,
   * {@code required} throws.
   */
  public static Optional<DockerEngine> open(DockerSettings settings, String owner) throws DockerUnavailableException {
    if (settings.enabled() == DockerMode.OFF) {
      return Optional.empty();
    }
    DockerEngine engine = create(settings, owner);
    try {
      String version = engine.probe();
      log.info("Docker engine [{}] at [{}]: tasks with an image run in containers", version, engine.host);
      return Optional.of(engine);
    } catch (DockerUnavailableException e) {
      engine.close();
      if (settings.enabled() == DockerMode.REQUIRED) {
        throw e;
      }
      log.warn("{}; this worker runs without the [{}] capability (docker.enabled = auto)", e.getMessage(), CAPABILITY);
      return Optional.empty();
    }
  }

  /** The engine's address. */
  public String host() {
    return host;
  }

  /**
   * Pings the engine and returns its version, e.g. {@code 20.10.24 (API 1.41)}.
   *
   * @throws DockerUnavailableException with the reason when it does not answer
   */
  public String probe() throws DockerUnavailableException {
    try {
      rpc.pingCmd().exec();
      Version v = rpc.versionCmd().exec();
      return v.getVersion() + " (API " + v.getApiVersion() + ")";
    } catch (RuntimeException e) {
      throw new DockerUnavailableException(
          "The Docker engine at " + host + " does not answer: " + DockerErrors.reason(e), e);
    }
  }

  /**
   * Makes sure the engine holds {@code image}: if absent, streams {@code archive} (a {@code docker
   * save} archive, already checked by the caller) into the engine, then checks that the image now
   * exists under that name. Writes no file. Calls for one image are serialised.
   *
   * @throws IOException if the archive is unreadable, the engine refuses it, or it does not hold
   *     {@code image}
   */
  @Override
  public void ensureImage(String image, Path archive) throws IOException {
    synchronized (imageLocks.computeIfAbsent(image, k -> new Object())) {
      if (holds(image)) {
        return;
      }
      log.info("Loading image [{}] from [{}]", image, archive.getFileName());
      try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
        stream.loadImageCmd(in).exec();
      } catch (RuntimeException e) {
        throw new IOException("cannot load image " + image + ": " + DockerErrors.reason(e), e);
      }
      if (!holds(image)) {
        // The engine answers a load with a stream that docker-java drops: what it refused
        // (a corrupt archive) shows only here.
        List<String> tags;
        try {
          tags = ImageArchive.repoTags(archive);
        } catch (IOException e) {
          throw new IOException("the archive does not hold image " + image + ": " + e.getMessage(), e);
        }
        throw new IOException(
            "the archive does not hold image " + image + "; it holds "
                + (tags.isEmpty() ? "no tagged image" : String.join(", ", tags)));
      }
    }
  }

  /** True if the engine has {@code image} under that very name (or id). */
  boolean holds(String image) {
    try {
      InspectImageResponse r = rpc.inspectImageCmd(image).exec();
      return ImageNames.matches(image, r.getId(), r.getRepoTags());
    } catch (NotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot inspect image " + image + ": " + DockerErrors.reason(e), e);
    }
  }

  /**
   * Removes, by force, every container (running or not) with this worker's owner label, as left
   * by a crash of an earlier run; returns what it found, so that those replicas are reported
   * lost. Run it once at start, before any task.
   *
   * @throws DockerUnavailableException if the engine cannot list containers
   */
  public List<Leftover> removeLeftovers() throws DockerUnavailableException {
    List<Container> found;
    try {
      found =
          rpc.listContainersCmd()
              .withShowAll(true)
              .withLabelFilter(Map.of(settings.ownerLabel(), owner))
              .exec();
    } catch (RuntimeException e) {
      throw new DockerUnavailableException("cannot list containers: " + DockerErrors.reason(e), e);
    }
    List<Leftover> left = new ArrayList<>();
    for (Container c : found) {
      String replica = c.getLabels() == null ? null : c.getLabels().get(settings.replicaLabel());
      remove(c.getId());
      log.warn("Removed container [{}] of replica [{}] left by an earlier run", shortId(c.getId()), replica);
      left.add(new Leftover(c.getId(), replica));
    }
    if (accounting()) {
      CgroupUsage.sweep(CgroupUsage.ROOT, cgroupPrefix);
    }
    return List.copyOf(left);
  }

  /** A run of {@code spec} in a container of {@code image} (which should be present), not started. */
  @Override
  public Execution execution(ExecSpec spec, String image) {
    return new ContainerRun(this, spec, image);
  }

  @Override
  public void close() {
    for (DockerClient c : List.of(rpc, stream)) {
      try {
        c.close();
      } catch (IOException e) {
        log.debug("Closing the Docker client: {}", e.toString());
      }
    }
  }

  DockerClient rpc() {
    return rpc;
  }

  DockerClient stream() {
    return stream;
  }

  DockerSettings settings() {
    return settings;
  }

  String owner() {
    return owner;
  }

  /** The name prefix of this worker's cgroup parents. */
  /**
   * CPU nanoseconds this worker's containers used, running and ended, never decreasing: what a
   * volunteer's load must not count as its owner's. 0 where containers are not measured.
   */
  public long cpuNanos() {
    return accounting() ? endedCpuNanos.get() + CgroupUsage.cpuNanosOf(CgroupUsage.ROOT, cgroupPrefix) : 0;
  }

  /** A container ended having used {@code cpuMs} (-1: unknown): its time moves to the ended total. */
  void ended(long cpuMs) {
    if (cpuMs > 0) {
      endedCpuNanos.addAndGet(cpuMs * 1_000_000L);
    }
  }

  String cgroupPrefix() {
    return cgroupPrefix;
  }

  /** Force-removes a container and its anonymous volumes; false if that failed (it may be gone already). */
  boolean remove(String id) {
    try {
      rpc.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
      return true;
    } catch (NotFoundException e) {
      return true;
    } catch (RuntimeException e) {
      log.warn("Cannot remove container [{}]: {}", shortId(id), DockerErrors.reason(e));
      return false;
    }
  }

  /** A cgroup parent for exact usage figures, or null when the engine's cgroups are not ours to read. */
  CgroupUsage newCgroup() {
    if (!accounting()) {
      return null;
    }
    return new CgroupUsage(CgroupUsage.ROOT, cgroupPrefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
  }

  /** A local engine (unix socket) on cgroup v1 with the cgroupfs driver, and cgroups this process may manage. */
  private boolean accounting() {
    Boolean a = accounting;
    if (a == null) {
      try {
        Info info = rpc.infoCmd().exec();
        a = host.startsWith("unix://")
            && "cgroupfs".equals(info.getCGroupDriver())
            && "1".equals(info.getCGroupVersion())
            && CgroupUsage.usable(CgroupUsage.ROOT);
        accounting = a;
        log.debug("Exact CPU and memory figures for containers: {}", a);
      } catch (RuntimeException e) {
        return false;
      }
    }
    return a;
  }

  static String shortId(String id) {
    return id != null && id.length() > 12 ? id.substring(0, 12) : id;
  }

  private static DockerClient client(DefaultDockerClientConfig config, Duration connect, Duration response) {
    ApacheDockerHttpClient.Builder b =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .maxConnections(MAX_CONNECTIONS)
            .connectionTimeout(connect);
    if (response != null) {
      b.responseTimeout(response);
    }
    return DockerClientImpl.getInstance(config, b.build());
  }

  private static String shortHash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
