package org.xwgrid.worker.exec.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.worker.exec.ExecOutcome;
import org.xwgrid.worker.exec.ExecSpec;
import org.xwgrid.worker.exec.Limits;

/**
 * The Docker executor against a real engine (start one with {@code bin/docker-engine}): it fails,
 * and does not skip, when no engine answers. The test image is built from {@code /bin/busybox},
 * saved, removed and loaded back through {@link DockerEngine#ensureImage}. After each test no
 * container of this owner, no mount of the test's folders, no cgroup of this owner and no
 * executor temp file is left.
 */
class DockerExecutorIT {
  private static final String TAG = UUID.randomUUID().toString().substring(0, 8);
  private static final String OWNER = "xwgrid-it-" + TAG;
  private static final String IMAGE = "xwgrid-it/busybox:" + TAG;
  private static final Path TMPDIR = Path.of(System.getProperty("java.io.tmpdir"));

  private static DockerSettings settings;
  private static DockerEngine engine;
  private static Path archive;

  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final Set<String> containers = new HashSet<>();
  private Set<String> tmpBefore;

  @BeforeAll
  static void engineAndImage(@TempDir Path dir) throws Exception {
    settings = DockerSettings.fromConfig(ConfigFactory.defaultReference());
    engine = DockerEngine.create(settings, OWNER);
    try {
      engine.probe();
    } catch (DockerUnavailableException e) {
      fail(e.getMessage() + " (start one with bin/docker-engine)");
    }
    Path ctx = Files.createDirectories(dir.resolve("context"));
    Files.copy(Path.of("/bin/busybox"), ctx.resolve("busybox"));
    Files.setPosixFilePermissions(ctx.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(ctx.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
    Files.writeString(ctx.resolve("group"), "root:x:0:\nnogroup:x:65534:\n");
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM scratch\nCOPY busybox /bin/busybox\nCOPY passwd group /etc/\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n");
    engine.stream()
        .buildImageCmd(ctx.toFile())
        .withTags(Set.of(IMAGE))
        .withPull(false)
        .withRemove(true)
        .withForcerm(true)
        .exec(new BuildImageResultCallback())
        .awaitImageId(2, TimeUnit.MINUTES);
    archive = dir.resolve("image.tar");
    try (InputStream in = engine.stream().saveImageCmd(IMAGE).exec()) {
      Files.copy(in, archive);
    }
    engine.rpc().removeImageCmd(IMAGE).withForce(true).exec();
    assertFalse(engine.holds(IMAGE));
    engine.ensureImage(IMAGE, archive);
    assertTrue(engine.holds(IMAGE), "loaded back from its docker save archive");
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(Set.of(ctx, archive), s.collect(Collectors.toSet()), "no temp file next to the archive");
    }
  }

  @AfterAll
  static void removeImage() {
    if (engine != null) {
      try {
        engine.rpc().removeImageCmd(IMAGE).withForce(true).exec();
      } catch (RuntimeException e) {
        // not built
      }
      engine.close();
    }
  }

  @BeforeEach
  void snapshotTmp() throws IOException {
    tmpBefore = names(TMPDIR);
  }

  @AfterEach
  void nothingLeft() throws IOException, InterruptedException {
    pool.shutdownNow(); // a run still going (a failed test) is interrupted: that aborts it
    assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS), "runs ended");
    List<Container> left =
        engine.rpc().listContainersCmd().withShowAll(true).withLabelFilter(Map.of(settings.ownerLabel(), OWNER)).exec();
    assertEquals(List.of(), left.stream().map(Container::getId).toList(), "containers left");
    List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo"));
    for (String m : mounts) {
      assertFalse(m.contains(tmp.toString()), "a mount of the task folders is left: " + m);
      for (String id : containers) {
        assertFalse(m.contains(id), "a mount of container " + id + " is left: " + m);
      }
    }
    try (Stream<Path> hierarchies = Files.list(CgroupUsage.ROOT)) {
      for (Path h : hierarchies.toList()) {
        try (Stream<Path> groups = Files.list(h)) {
          List<Path> ours = groups.filter(g -> g.getFileName().toString().startsWith(engine.cgroupPrefix())).toList();
          assertEquals(List.of(), ours, "cgroups left");
        }
      }
    }
    Set<String> added = names(TMPDIR);
    added.removeAll(tmpBefore);
    // The temp folder is shared with other processes (other builds write there meanwhile): only
    // the names this executor or docker-java would use count.
    List<String> suspicious =
        added.stream()
            .filter(n -> {
              String l = n.toLowerCase(Locale.ROOT);
              return l.contains("docker") || l.contains(TAG) || l.contains("container") || l.endsWith(".tar");
            })
            .toList();
    assertEquals(List.of(), suspicious, "temp files left in " + TMPDIR);
  }

  private static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(HashSet::new));
    }
  }

  private ExecSpec spec(String name, String script, Duration timeout, Limits limits) throws IOException {
    Path task = tmp.resolve(name);
    Files.createDirectories(task.resolve("input"));
    Files.createDirectories(task.resolve("output"));
    return ExecSpec.inTaskFolder(List.of("/bin/sh", "-c", script), null, task, timeout, limits);
  }

  private ContainerRun start(ExecSpec spec) {
    ContainerRun run = (ContainerRun) engine.execution(spec, IMAGE);
    pool.execute(run::run);
    return run;
  }

  private ExecOutcome outcome(ContainerRun run) throws Exception {
    ExecOutcome o = run.outcome().toCompletableFuture().get(90, TimeUnit.SECONDS);
    if (run.containerId() != null) {
      containers.add(run.containerId());
    }
    return o;
  }

  private static void awaitFile(Path f) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Files.exists(f)) {
      assertTrue(System.nanoTime() < end, "never appeared: " + f);
      Thread.sleep(20);
    }
  }

  private static void assertUsage(ExecOutcome o) {
    if (CgroupUsage.usable(CgroupUsage.ROOT)) {
      assertTrue(o.cpuMs() >= 0, "cpu " + o.cpuMs());
      assertTrue(o.peakMemoryBytes() > 0, "peak " + o.peakMemoryBytes());
    } else {
      assertEquals(-1, o.cpuMs());
      assertEquals(-1, o.peakMemoryBytes());
    }
  }

  @Test
  void shouldRunAsNobodyWithAReadOnlyRootReadingInputAndWritingOutput() throws Exception {
    ExecSpec spec =
        spec(
            "job_a-0-0",
            "id -u; id -g; cat /xw/input/in.txt > /xw/output/out.txt; "
                + "touch /etc/x 2>/dev/null && echo etc-writable || echo etc-read-only >&2; "
                + "touch /xw/input/x 2>/dev/null && echo input-writable || echo input-read-only >&2; "
                + "echo in-tmp > /tmp/t && cat /tmp/t; pwd; echo $HOME $XW_INPUT_DIR $XW_OUTPUT_DIR; "
                + "grep -E '^(CapEff|NoNewPrivs):' /proc/self/status | tr -d '\\t '; exit 3",
            Duration.ofSeconds(30),
            new Limits(64L << 20, 500, 32));
    Files.writeString(spec.inputDir().resolve("in.txt"), "hello input");
    ExecOutcome o = outcome(start(spec));
    assertEquals(3, o.exitCode());
    assertEquals("exit code 3", o.error());
    assertFalse(o.timedOut() || o.aborted() || o.outOfMemory());
    assertEquals(
        List.of(
            "65534", "65534", "in-tmp", "/xw/output", "/tmp /xw/input /xw/output",
            "CapEff:0000000000000000", "NoNewPrivs:1"),
        Files.readAllLines(spec.stdout()));
    assertEquals("etc-read-only\ninput-read-only\n", Files.readString(spec.stderr()));
    assertEquals("etc-read-only\ninput-read-only\n", o.stderrTail());
    assertEquals("hello input", Files.readString(spec.outputDir().resolve("out.txt")));
    assertUsage(o);
    try (Stream<Path> s = Files.list(spec.taskDir())) {
      assertEquals(
          Set.of("input", "output", "stdout.log", "stderr.log"),
          s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
          "nothing else in the task folder");
    }
  }

  @Test
  void shouldApplyTheTaskLimits() throws Exception {
    ExecSpec spec =
        spec(
            "job_m-0-0",
            "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes "
                + "/sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu/cpu.cfs_period_us /sys/fs/cgroup/pids/pids.max; "
                + "df -k /tmp | tail -1 | awk '{print $2}'",
            Duration.ofSeconds(30),
            new Limits(48L << 20, 250, 20));
    ExecOutcome o = outcome(start(spec));
    if (!Files.isDirectory(Path.of("/sys/fs/cgroup/memory"))) {
      return; // cgroup v2 host: the files differ; the engine applied the limits or refused the container
    }
    assertTrue(o.success(), o + " " + Files.readString(spec.stderr()));
    assertEquals(
        List.of(String.valueOf(48L << 20), String.valueOf(48L << 20), "25000", "100000", "20", "65536"),
        Files.readAllLines(spec.stdout()),
        "memory = memory + swap, a quarter core, 20 pids, a 64 MiB /tmp");
  }

  @Test
  void shouldMeasureTheCpuTimeOfABusyTask() throws Exception {
    ExecSpec spec =
        spec("job_n-0-0", "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done", Duration.ofSeconds(60), Limits.NONE);
    long before = engine.cpuNanos();
    ExecOutcome o = outcome(start(spec));
    assertTrue(o.success(), o.toString());
    if (o.cpuMs() >= 0) {
      assertTrue(o.cpuMs() >= 100, "a busy loop of a second or so: " + o);
      assertTrue(o.cpuMs() <= o.elapsedMs() * Runtime.getRuntime().availableProcessors() + 50, o.toString());
      // a volunteer counts its containers' CPU as its own, not its owner's
      assertTrue(engine.cpuNanos() - before >= o.cpuMs() * 1_000_000L, "the engine's total grew by the task's CPU");
    }
  }

  @Test
  void shouldSucceedOnExitZero() throws Exception {
    ExecSpec spec = spec("job_b-0-0", "echo fine", Duration.ofSeconds(30), Limits.NONE);
    ExecOutcome o = outcome(start(spec));
    assertTrue(o.success(), o.toString());
    assertNull(o.error());
    assertNull(o.stderrTail());
    assertEquals("fine\n", Files.readString(spec.stdout()));
    assertEquals("", Files.readString(spec.stderr()));
  }

  @Test
  void shouldReportOutOfMemoryWhenTheTaskAllocatesPastItsLimit() throws Exception {
    ExecSpec spec =
        spec("job_c-0-0", "dd if=/dev/zero of=/dev/null bs=100M count=1", Duration.ofSeconds(60), new Limits(32L << 20, 0, 0));
    ExecOutcome o = outcome(start(spec));
    assertTrue(o.outOfMemory(), o.toString());
    assertEquals("out of memory (limit 32 MiB)", o.error());
    assertEquals(137, o.exitCode());
    assertFalse(o.success());
    if (o.peakMemoryBytes() >= 0) {
      assertTrue(o.peakMemoryBytes() >= 30L << 20, "peak " + o.peakMemoryBytes());
    }
  }

  @Test
  void shouldReachNothingOnTheNetwork() throws Exception {
    String gateway = bridgeGateway();
    try (ServerSocket loopback = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        ServerSocket bridge = gateway == null ? null : new ServerSocket(0, 10, InetAddress.getByName(gateway))) {
      List<String> targets = new ArrayList<>(List.of("127.0.0.1:" + loopback.getLocalPort()));
      if (bridge != null) {
        targets.add(gateway + ":" + bridge.getLocalPort());
        assertTrue(controlReaches(gateway, bridge), "a container on the bridge reaches the test's port, so the probe works");
      }
      StringBuilder script = new StringBuilder("ls /sys/class/net; ip -o link | wc -l; ");
      for (String t : targets) {
        String host = t.substring(0, t.indexOf(':'));
        String port = t.substring(t.indexOf(':') + 1);
        script.append("if nc -w 2 ").append(host).append(' ').append(port)
            .append(" </dev/null; then echo reached ").append(t).append("; else echo failed ").append(t).append("; fi; ");
      }
      ExecSpec spec = spec("job_d-0-0", script.toString(), Duration.ofSeconds(60), Limits.NONE);
      ExecOutcome o = outcome(start(spec));
      assertEquals(0, o.exitCode(), o.toString());
      List<String> lines = Files.readAllLines(spec.stdout());
      assertEquals("lo", lines.get(0), "the only interface");
      assertEquals("1", lines.get(1).strip(), "ip link lists one interface");
      for (String t : targets) {
        assertTrue(lines.contains("failed " + t), lines.toString());
      }
      loopback.setSoTimeout(100);
      assertThrows(SocketTimeoutException.class, loopback::accept, "no connection reached the host's loopback");
      if (bridge != null) {
        bridge.setSoTimeout(100);
        assertThrows(SocketTimeoutException.class, bridge::accept, "no connection reached the bridge address");
      }
    }
  }

  /** The docker bridge's gateway address (the host as seen from the bridge), or null if there is no bridge. */
  private static String bridgeGateway() {
    for (Network n : engine.rpc().listNetworksCmd().exec()) {
      if ("bridge".equals(n.getName()) && n.getIpam() != null && n.getIpam().getConfig() != null) {
        for (Network.Ipam.Config c : n.getIpam().getConfig()) {
          if (c.getGateway() != null && !c.getGateway().contains(":")) {
            return c.getGateway();
          }
        }
      }
    }
    return null;
  }

  /** A container on the default bridge (not through the executor) connects to the port. */
  private boolean controlReaches(String gateway, ServerSocket bridge) throws Exception {
    String id =
        engine.rpc()
            .createContainerCmd(IMAGE)
            .withCmd("sh", "-c", "nc -w 5 " + gateway + " " + bridge.getLocalPort() + " </dev/null")
            .withLabels(Map.of(settings.ownerLabel(), OWNER))
            .withHostConfig(HostConfig.newHostConfig().withNetworkMode("bridge"))
            .exec()
            .getId();
    containers.add(id);
    try {
      engine.rpc().startContainerCmd(id).exec();
      bridge.setSoTimeout(10_000);
      bridge.accept().close();
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } finally {
      engine.remove(id);
    }
  }

  @Test
  void shouldKillTheContainerAtItsTimeout() throws Exception {
    ExecSpec spec = spec("job_e-0-0", "echo before; sleep 60; echo after", Duration.ofSeconds(1), Limits.NONE);
    ExecOutcome o = outcome(start(spec));
    assertTrue(o.timedOut(), o.toString());
    assertEquals("timed out after 1000 ms (container killed)", o.error());
    assertEquals(137, o.exitCode());
    assertTrue(o.elapsedMs() >= 1000 && o.elapsedMs() < 15_000, "elapsed " + o.elapsedMs());
    assertEquals("before\n", Files.readString(spec.stdout()));
  }

  @Test
  void shouldHoldTheTimeoutWhilePausedAndFinishOnResume() throws Exception {
    ExecSpec spec =
        spec("job_f-0-0", "echo x > /xw/output/started; sleep 2; echo x > /xw/output/done", Duration.ofSeconds(3), Limits.NONE);
    ContainerRun run = start(spec);
    awaitFile(spec.outputDir().resolve("started"));
    assertTrue(run.pause());
    assertFalse(run.pause(), "already paused");
    assertTrue(engine.rpc().inspectContainerCmd(run.containerId()).exec().getState().getPaused());
    Thread.sleep(4500);
    assertFalse(Files.exists(spec.outputDir().resolve("done")), "frozen while paused");
    assertFalse(run.outcome().toCompletableFuture().isDone(), "not timed out while paused");
    run.resume();
    ExecOutcome o = outcome(run);
    assertTrue(o.success(), o.toString());
    assertTrue(o.elapsedMs() > 4500, "ran longer than its timeout, paused most of it: " + o.elapsedMs());
    assertTrue(Files.exists(spec.outputDir().resolve("done")));
  }

  @Test
  void shouldKillTheContainerOnAbort() throws Exception {
    ExecSpec spec = spec("job_g-0-0", "echo x > /xw/output/started; sleep 60", Duration.ofSeconds(60), Limits.NONE);
    ContainerRun run = start(spec);
    awaitFile(spec.outputDir().resolve("started"));
    long t0 = System.nanoTime();
    run.abort();
    ExecOutcome o = outcome(run);
    assertTrue(o.aborted(), o.toString());
    assertEquals("aborted", o.error());
    assertFalse(o.timedOut());
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(ms < 10_000, "killed and removed in " + ms + " ms");
  }

  @Test
  void shouldKillAPausedContainerOnAbort() throws Exception {
    ExecSpec spec = spec("job_h-0-0", "echo x > /xw/output/started; sleep 60", Duration.ofSeconds(60), Limits.NONE);
    ContainerRun run = start(spec);
    awaitFile(spec.outputDir().resolve("started"));
    assertTrue(run.pause());
    run.abort();
    ExecOutcome o = outcome(run);
    assertTrue(o.aborted(), o.toString());
    run.resume();
  }

  @Test
  void shouldCreateNoContainerWhenAbortedBeforeStart() throws Exception {
    ContainerRun run = (ContainerRun) engine.execution(spec("job_i-0-0", "true", Duration.ofSeconds(5), Limits.NONE), IMAGE);
    run.abort();
    run.run();
    ExecOutcome o = outcome(run);
    assertTrue(o.aborted());
    assertEquals("aborted before start", o.error());
    assertNull(run.containerId());
    assertFalse(run.pause());
  }

  @Test
  void shouldFailCleanlyWhenTheImageIsMissing() throws Exception {
    ContainerRun run =
        (ContainerRun) engine.execution(spec("job_j-0-0", "true", Duration.ofSeconds(5), Limits.NONE), "xwgrid-it/absent:" + TAG);
    pool.execute(run::run);
    ExecOutcome o = outcome(run);
    assertEquals(-1, o.exitCode());
    assertTrue(o.error().startsWith("docker: No such image"), o.error());
  }

  @Test
  void shouldRunSeveralContainersAtOnce() throws Exception {
    List<ContainerRun> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      runs.add(start(spec("job_k-" + i + "-0", "echo " + i, Duration.ofSeconds(60), Limits.NONE)));
    }
    for (int i = 0; i < runs.size(); i++) {
      ExecOutcome o = outcome(runs.get(i));
      assertTrue(o.success(), o.toString());
      assertEquals(i + "\n", Files.readString(tmp.resolve("job_k-" + i + "-0/stdout.log")));
    }
  }

  @Test
  void shouldRefuseAnArchiveThatHoldsAnotherImage() throws IOException {
    IOException e = assertThrows(IOException.class, () -> engine.ensureImage("xwgrid-it/other:" + TAG, archive));
    assertEquals("the archive does not hold image xwgrid-it/other:" + TAG + "; it holds " + IMAGE, e.getMessage());
    Path junk = tmp.resolve("junk.tar");
    Files.write(junk, "not an image".getBytes(StandardCharsets.UTF_8));
    IOException bad = assertThrows(IOException.class, () -> engine.ensureImage("xwgrid-it/junk:" + TAG, junk));
    assertEquals(
        "the archive does not hold image xwgrid-it/junk:" + TAG + ": no manifest.json in it (not a docker save archive)",
        bad.getMessage());
  }

  @Test
  void shouldRemoveTheContainersACrashLeftAndNameTheirReplicas() throws Exception {
    String running = leftover("job_l-0-0", OWNER, true);
    String created = leftover("job_l-1-0", OWNER, false);
    String foreign = leftover("job_l-2-0", OWNER + "-other", false);
    try {
      List<Leftover> found = engine.removeLeftovers();
      assertEquals(
          Set.of(new Leftover(running, "job_l-0-0"), new Leftover(created, "job_l-1-0")), Set.copyOf(found));
      assertNotNull(engine.rpc().inspectContainerCmd(foreign).exec(), "another worker's container stays");
      assertEquals(List.of(), engine.removeLeftovers());
    } finally {
      engine.remove(foreign);
    }
  }

  /** A labelled container as a crashed worker would leave it (running or not). */
  private String leftover(String replica, String owner, boolean start) {
    String id =
        engine.rpc()
            .createContainerCmd(IMAGE)
            .withCmd("sleep", "600")
            .withLabels(Map.of(settings.ownerLabel(), owner, settings.replicaLabel(), replica))
            .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
            .exec()
            .getId();
    containers.add(id);
    if (start) {
      engine.rpc().startContainerCmd(id).exec();
    }
    return id;
  }
}
