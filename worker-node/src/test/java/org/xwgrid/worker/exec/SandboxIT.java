package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.worker.task.TaskFolders;

/**
 * Real tasks in bubblewrap and real cgroups: what a task cannot write or reach, the user it runs
 * as, its limits (pids, memory), its measured usage, pause and resume. Needs bubblewrap, and root
 * for the task user and cgroups; skipped without them unless {@code CI=true}.
 */
class SandboxIT {
  private static final int NOBODY = 65534;
  private static final long MIB = 1 << 20;

  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private Sandbox sandbox;

  @AfterEach
  void stop() {
    pool.shutdownNow();
    timer.shutdownNow();
    if (sandbox != null) {
      sandbox.close();
    }
  }

  private Sandbox withCgroups() {
    TestingSandboxes.require(TaskUser.isRoot(), "cgroups need a root worker");
    sandbox = TestingSandboxes.bwrap(SandboxSettings.DEFAULTS.withCgroups(CgroupMode.REQUIRED), tmp.resolve("work"));
    return sandbox;
  }

  private ExecSpec task(String name, Limits limits, Duration timeout, String script) throws IOException {
    return task(name, null, limits, timeout, List.of("/bin/sh", "-c", script));
  }

  private ExecSpec task(String name, Path app, Limits limits, Duration timeout, List<String> command) throws IOException {
    Path task = tmp.resolve("work/tasks/" + name);
    Files.createDirectories(task.resolve("input"));
    Files.createDirectories(task.resolve("output"));
    return ExecSpec.inTaskFolder(command, app, task, timeout, limits);
  }

  private RunningProcess start(Sandbox s, ExecSpec spec) {
    return NativeExecutor.create(s, pool, timer, 4096).start(spec);
  }

  private static ExecOutcome await(RunningProcess p) throws Exception {
    return p.outcome().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private ExecOutcome run(Sandbox s, ExecSpec spec) throws Exception {
    return await(start(s, spec));
  }

  private ExecOutcome connect(Sandbox s, int port, String name) throws Exception {
    return run(s, task(name, null, Limits.NONE, Duration.ofSeconds(20), List.of("/bin/bash", "-c", "echo hi > /dev/tcp/127.0.0.1/" + port)));
  }

  @Test
  void shouldNotReachTheHostNetworkFromTheSandbox() throws Exception {
    Sandbox bwrap = TestingSandboxes.bwrap(SandboxSettings.DEFAULTS.withCgroups(CgroupMode.OFF), tmp.resolve("work"));
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      ExecOutcome plain = connect(Sandbox.plain(), server.getLocalPort(), "plain");
      assertTrue(plain.success(), "control: a plain process connects " + plain);
      ExecOutcome boxed = connect(bwrap, server.getLocalPort(), "boxed");
      assertFalse(boxed.success(), "the sandboxed process must not connect");
      assertEquals(1, boxed.exitCode());
      assertTrue(boxed.stderrTail().contains("Connection refused"), boxed.stderrTail());
    }
  }

  @Test
  void shouldWriteNowhereButItsOutputFolderAndItsPrivateTmp() throws Exception {
    sandbox = TestingSandboxes.bwrap(SandboxSettings.DEFAULTS.withCgroups(CgroupMode.OFF), tmp.resolve("work"));
    Path work = tmp.resolve("work");
    Path app = Files.createDirectories(work.resolve("apps/a"));
    Files.writeString(app.resolve("app.txt"), "app");
    String marker = "xw-tmp-" + UUID.randomUUID();
    ExecSpec first = task("t1", app, Limits.NONE, Duration.ofSeconds(30), List.of("/bin/sh", "-c", ""));
    Files.writeString(first.inputDir().resolve("in.txt"), "input");
    List<String> targets =
        List.of(
            app.resolve("new.txt").toString(),
            app.resolve("app.txt").toString(),
            first.inputDir().resolve("new.txt").toString(),
            first.inputDir().resolve("in.txt").toString(),
            first.taskDir().resolve("task.txt").toString(),
            first.taskDir().resolve("stdout.log").toString(),
            work.resolve("work.txt").toString(),
            tmp.resolve("temp.txt").toString(),
            "/usr/evil.txt",
            "/etc/evil.txt",
            "/evil.txt");
    StringBuilder script = new StringBuilder();
    for (String t : targets) {
      script.append("(echo x >> '").append(t).append("') 2>/dev/null && echo \"ESCAPED ").append(t).append("\" >> \"$XW_OUTPUT_DIR/log\"; ");
    }
    script.append("mkdir -p /tmp/").append(marker).append(" && echo tmp > /tmp/").append(marker).append("/f && ");
    script.append("mkdir \"$XW_OUTPUT_DIR/sub\" && echo out > \"$XW_OUTPUT_DIR/sub/f\" && chmod 000 \"$XW_OUTPUT_DIR/sub/f\" && echo ok >> \"$XW_OUTPUT_DIR/log\"");
    ExecSpec spec = task("t1", app, Limits.NONE, Duration.ofSeconds(30), List.of("/bin/sh", "-c", script.toString()));
    ExecOutcome o = run(sandbox, spec);
    assertTrue(o.success(), o + " " + Files.readString(spec.stderr()));
    assertEquals("ok\n", Files.readString(spec.outputDir().resolve("log")), "every write outside the output folder fails");
    assertEquals("app", Files.readString(app.resolve("app.txt")));
    assertEquals("input", Files.readString(spec.inputDir().resolve("in.txt")));
    for (String t : targets) {
      if (!t.endsWith("app.txt") && !t.endsWith("in.txt") && !t.endsWith("stdout.log")) {
        assertFalse(Files.exists(Path.of(t)), t);
      }
    }
    try (Stream<Path> s = Files.list(spec.inputDir())) {
      assertEquals(1, s.count());
    }
    assertFalse(Files.exists(Path.of("/tmp", marker)), "the task's /tmp is its own");
    ExecOutcome second =
        run(sandbox, task("t2", Limits.NONE, Duration.ofSeconds(30), "test ! -e /tmp/" + marker + " && test -w /tmp"));
    assertTrue(second.success(), "the next task sees an empty /tmp of its own: " + second);

    assertEquals("out\n", Files.readString(spec.outputDir().resolve("sub/f")), "the worker reads what the task wrote");
    TaskFolders.deleteTree(spec.outputDir().resolve("sub"));
    assertFalse(Files.exists(spec.outputDir().resolve("sub")), "and deletes it");
  }

  @Test
  void shouldRunTheTaskAsNobodyWithoutCapabilitiesWhenTheWorkerIsRoot() throws Exception {
    sandbox = TestingSandboxes.bwrap(SandboxSettings.DEFAULTS.withCgroups(CgroupMode.OFF), tmp.resolve("work"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwx------"));
    ExecSpec spec =
        task(
            "id",
            Limits.NONE,
            Duration.ofSeconds(30),
            "id -u > \"$XW_OUTPUT_DIR/id\"; id -g >> \"$XW_OUTPUT_DIR/id\"; id -G >> \"$XW_OUTPUT_DIR/id\";"
                + " grep CapEff /proc/self/status | tr -d '\\t' >> \"$XW_OUTPUT_DIR/id\"; touch \"$XW_OUTPUT_DIR/made\"");
    ExecOutcome o = run(sandbox, spec);
    assertTrue(o.success(), o + " " + Files.readString(spec.stderr()));
    int uid = TaskUser.isRoot() ? NOBODY : TaskUser.uid();
    List<String> id = Files.readAllLines(spec.outputDir().resolve("id"));
    assertEquals(Integer.toString(uid), id.get(0));
    if (TaskUser.isRoot()) {
      assertEquals(List.of("65534", "65534", "65534", "CapEff:0000000000000000"), id);
      assertEquals(NOBODY, Files.getAttribute(spec.outputDir().resolve("made"), "unix:uid", LinkOption.NOFOLLOW_LINKS));
    }
  }

  @Test
  void shouldStopAForkBombAtThePidsLimitWithoutHurtingTheWorker() throws Exception {
    Sandbox s = withCgroups();
    String marker = "xw-bomb-" + UUID.randomUUID().toString().substring(0, 8);
    // The task's shell forks its sleep and the bomb's first process, then only waits: dash exits 2 on a fork that
    // fails, and at the limit its own forks would.
    String script = ": " + marker + "; sleep 2 & s=$!; (b() { b | b & }; b) & wait $s; exit 3";
    ExecSpec spec = task("bomb", new Limits(0, 0, 32), Duration.ofSeconds(30), script);
    RunningProcess p = start(s, spec);
    List<Path> dirs = cgroupDirs(p);
    ExecOutcome o = await(p);
    assertFalse(o.success(), o.toString());
    assertEquals(3, o.exitCode(), o.toString());
    assertEquals("exit code 3 (hit the limit of 32 processes)", o.error());
    assertEmptiedThenRemovedAtClose(dirs);
    assertEquals(List.of(), TestingSandboxes.processesWith(marker), "no process of the bomb is left");
    assertEquals(0, new ProcessBuilder("/bin/true").start().waitFor(), "the worker still starts processes");
  }

  @Test
  void shouldReportATaskPastItsMemoryLimitAsOutOfMemory() throws Exception {
    Sandbox s = withCgroups();
    ExecSpec spec =
        task("hog", new Limits(64 * MIB, 0, 0), Duration.ofSeconds(30), "dd if=/dev/zero of=/dev/null bs=256M count=1");
    ExecOutcome o = run(s, spec);
    assertFalse(o.success());
    assertTrue(o.outOfMemory(), o.toString());
    assertEquals("out of memory (limit 64 MiB)", o.error());
    assertTrue(o.peakMemoryBytes() <= 64 * MIB + MIB, o.toString());
  }

  @Test
  void shouldReportTheCpuTimeOfTheWholeTask() throws Exception {
    Sandbox s = withCgroups();
    // two children count to 350000 (about 0.5 s of CPU each): the figure covers the whole tree
    String burn = "sh -c 'i=0; while [ $i -lt 350000 ]; do i=$((i+1)); done'";
    ExecSpec spec = task("cpu", Limits.NONE, Duration.ofSeconds(60), burn + " & " + burn + "; wait; true");
    ExecOutcome o = run(s, spec);
    assertTrue(o.success(), o.toString());
    assertTrue(o.cpuMs() >= 700, o.toString());
    assertTrue(o.cpuMs() < 60_000, o.toString());
    assertEquals(-1, run(Sandbox.plain(), task("cpu-plain", Limits.NONE, Duration.ofSeconds(10), "true")).cpuMs(), "never invented");
  }

  @Test
  void shouldReportThePeakMemoryOfTheTask() throws Exception {
    Sandbox s = withCgroups();
    ExecSpec spec = task("peak", Limits.NONE, Duration.ofSeconds(60), "dd if=/dev/zero of=/dev/null bs=100M count=1");
    ExecOutcome o = run(s, spec);
    assertTrue(o.success(), o.toString());
    assertTrue(o.peakMemoryBytes() >= 100 * MIB, o.toString());
    assertTrue(o.peakMemoryBytes() < 1024 * MIB, o.toString());
    assertFalse(o.outOfMemory());
  }

  @Test
  void shouldFreezeAPausedTaskAndHoldItsTimeoutUntilResumed() throws Exception {
    Sandbox s = withCgroups();
    // about 0.5 s of CPU: paused for longer than its timeout, it must still finish
    ExecSpec spec =
        task(
            "pause",
            Limits.NONE,
            Duration.ofSeconds(4),
            "i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done; echo done > \"$XW_OUTPUT_DIR/done\"");
    RunningProcess p = start(s, spec);
    TaskCgroup g = awaitCgroup(p);
    awaitCpu(g, 100);
    assertTrue(p.pause());
    long pausedAt = System.nanoTime();
    Thread.sleep(300);
    long before = g.cpuNanos();
    Thread.sleep(1500);
    long after = g.cpuNanos();
    assertTrue(after - before < TimeUnit.MILLISECONDS.toNanos(20), "no CPU while paused: " + (after - before) + " ns");
    assertFalse(p.outcome().toCompletableFuture().isDone());
    Thread.sleep(Math.max(0, TimeUnit.SECONDS.toMillis(5) - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedAt)));
    assertFalse(p.outcome().toCompletableFuture().isDone(), "the timeout does not run while paused");
    p.resume();
    ExecOutcome o = await(p);
    assertTrue(o.success(), o + " " + Files.readString(spec.stderr()));
    assertTrue(o.elapsedMs() >= 5000, o.toString());
    assertEquals("done\n", Files.readString(spec.outputDir().resolve("done")));
  }

  @Test
  void shouldAbortAPausedTask() throws Exception {
    Sandbox s = withCgroups();
    ExecSpec spec = task("abort", Limits.NONE, Duration.ofSeconds(60), "while :; do :; done");
    RunningProcess p = start(s, spec);
    TaskCgroup g = awaitCgroup(p);
    awaitCpu(g, 50);
    assertTrue(p.pause());
    Thread.sleep(200);
    p.abort();
    ExecOutcome o = await(p);
    assertTrue(o.aborted(), o.toString());
    assertEquals("aborted", o.error());
    assertEmptiedThenRemovedAtClose(g.dirs());
  }

  @Test
  void shouldGiveAnEmptiedGroupToTheNextTaskWithItsOwnLimitsAndUsage() throws Exception {
    Sandbox s = withCgroups();
    // past both limits: a process too large, and a fork bomb (forked before it, as the shell cannot fork at the limit)
    String both = "dd if=/dev/zero of=/dev/null bs=256M count=1 & d=$!; sleep 1 & s=$!; (b() { b | b & }; b) & wait $s; wait $d";
    RunningProcess first = start(s, task("first", new Limits(64 * MIB, 0, 16), Duration.ofSeconds(30), both));
    List<Path> dirs = cgroupDirs(first);
    ExecOutcome o = await(first);
    assertTrue(o.outOfMemory(), o.toString());
    assertEquals("out of memory (limit 64 MiB) (hit the limit of 16 processes)", o.error());

    RunningProcess next = start(s, task("next", Limits.NONE, Duration.ofSeconds(30), "sh -c true; dd if=/dev/zero of=/dev/null bs=100M count=1"));
    assertEquals(dirs, cgroupDirs(next), "the same group");
    ExecOutcome n = await(next);
    assertTrue(n.success(), n + ": the first task's limits are gone, and so are its OOM kill and limit hits");
    assertTrue(n.peakMemoryBytes() >= 100 * MIB, n.toString());
    assertTrue(n.cpuMs() >= 0 && n.cpuMs() < o.cpuMs() + 1000, n + " counts its own CPU time");
  }

  /** The group of a task that is over holds no process, and is gone once the worker closes its sandbox. */
  private void assertEmptiedThenRemovedAtClose(List<Path> dirs) throws IOException {
    List<Path> procs = dirs.stream().map(d -> d.resolve("cgroup.procs")).toList();
    Set<Long> left = GroupProcesses.pids(procs);
    left.remove(ProcessHandle.current().pid()); // its spawner thread
    assertEquals(Set.of(), left, "the group is emptied for the next task");
    sandbox.close();
    sandbox = null;
    for (Path d : dirs) {
      assertFalse(Files.exists(d), "the group is removed at close: " + d);
    }
  }

  @Test
  void shouldKillAndRemoveTheCgroupsOfAnEarlierRunAtStart() throws Exception {
    Sandbox first = withCgroups();
    first.close();
    Path work = tmp.resolve("work");
    // what a worker killed with -9 leaves: a group per task (its spawner thread died with it) and a task in one
    assertTrue(Cgroups.detect(Cgroups.scope(work)).cgroups() != null);
    List<Path> stale = new ArrayList<>();
    for (Path scope : TestingCgroups.scopeDirs(work)) {
      stale.add(Files.createDirectory(scope.resolve("task-1")));
    }
    List<Path> procs = stale.stream().map(dir -> dir.resolve("cgroup.procs")).toList();
    Process orphan = new ProcessBuilder("/bin/sh", "-c", "echo $$ > " + procs.get(0) + " && exec sleep 600").start();
    for (int i = 0; i < 100 && GroupProcesses.pids(procs).isEmpty(); i++) {
      Thread.sleep(20);
    }
    assertEquals(List.of(orphan.pid()), List.copyOf(GroupProcesses.pids(procs)));
    sandbox = TestingSandboxes.bwrap(SandboxSettings.DEFAULTS.withCgroups(CgroupMode.REQUIRED), work);
    assertTrue(orphan.waitFor(10, TimeUnit.SECONDS), "the earlier run's task is killed");
    for (Path dir : stale) {
      assertFalse(Files.exists(dir), dir.toString());
    }
  }

  @Test
  void shouldFallBackToRlimitsWithoutCgroups() throws Exception {
    sandbox = TestingSandboxes.bwrap(SandboxSettings.DEFAULTS.withCgroups(CgroupMode.OFF), tmp.resolve("work"));
    assertFalse(sandbox.cgroups());
    ExecSpec spec =
        task("rlimit", new Limits(64 * MIB, 0, 0), Duration.ofSeconds(30), "dd if=/dev/zero of=/dev/null bs=256M count=1");
    ExecOutcome o = run(sandbox, spec);
    assertFalse(o.success(), "the address space limit stops the allocation");
    assertTrue(o.stderrTail().contains("memory exhausted"), o.stderrTail());
    assertFalse(o.outOfMemory());
    assertEquals(-1, o.cpuMs());
    assertEquals(-1, o.peakMemoryBytes());
    ExecOutcome ok = run(sandbox, task("rlimit-ok", new Limits(64 * MIB, 0, 0), Duration.ofSeconds(30), "dd if=/dev/zero of=/dev/null bs=16M count=1"));
    assertTrue(ok.success(), ok.toString());
  }

  @Test
  void shouldSeeOnlyTheLoopbackInterface() throws Exception {
    sandbox = TestingSandboxes.bwrap(SandboxSettings.DEFAULTS.withCgroups(CgroupMode.OFF), tmp.resolve("work"));
    ExecSpec spec = task("net", Limits.NONE, Duration.ofSeconds(30), "cat /proc/net/dev > \"$XW_OUTPUT_DIR/dev\"");
    assertTrue(run(sandbox, spec).success());
    List<String> interfaces =
        Files.readAllLines(spec.outputDir().resolve("dev")).stream()
            .skip(2)
            .map(l -> l.substring(0, l.indexOf(':')).strip())
            .toList();
    assertEquals(List.of("lo"), interfaces);
  }

  @Test
  void shouldRunScriptsOfTheAppFolderWithTheTaskEnvironment() throws Exception {
    sandbox = TestingSandboxes.bwrap(SandboxSettings.DEFAULTS.withCgroups(CgroupMode.OFF), tmp.resolve("work"));
    Path app = Files.createDirectories(tmp.resolve("work/apps/b"));
    Path script = app.resolve("run.sh");
    Files.writeString(script, "#!/bin/sh\necho \"$1 $HOME $PWD\" > \"$XW_OUTPUT_DIR/out\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("r-xr-xr-x")); // as unpacked apps are
    ExecSpec spec = task("app", app, Limits.NONE, Duration.ofSeconds(30), List.of(script.toString(), "arg1"));
    ExecOutcome o = run(sandbox, spec);
    assertTrue(o.success(), o.toString());
    assertEquals(
        "arg1 " + spec.taskDir() + " " + spec.taskDir() + "\n", Files.readString(spec.outputDir().resolve("out")));
  }

  @Test
  void shouldRunJavaInsideWithinItsLimits() throws Exception {
    Sandbox s = TaskUser.isRoot() ? withCgroups() : TestingSandboxes.bwrap(SandboxSettings.DEFAULTS, tmp.resolve("work"));
    ExecSpec spec =
        task("java", new Limits(512 * MIB, 1000, 256), Duration.ofSeconds(60), "java -version 2> \"$XW_OUTPUT_DIR/version\"");
    ExecOutcome o = run(s, spec);
    assertTrue(o.success(), o + " " + Files.readString(spec.stderr()));
    assertTrue(Files.readString(spec.outputDir().resolve("version")).contains("version"));
  }

  private static TaskCgroup awaitCgroup(RunningProcess p) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      var g = p.cgroup();
      if (g.isPresent()) {
        return g.get();
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the task never got its cgroup");
  }

  private static List<Path> cgroupDirs(RunningProcess p) throws InterruptedException {
    return awaitCgroup(p).dirs();
  }

  private static void awaitCpu(TaskCgroup g, long ms) throws InterruptedException {
    for (int i = 0; i < 1000 && g.cpuNanos() < TimeUnit.MILLISECONDS.toNanos(ms); i++) {
      Thread.sleep(10);
    }
    assertTrue(g.cpuNanos() >= TimeUnit.MILLISECONDS.toNanos(ms), "the task runs");
  }
}
