package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeExecutorTest {
  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final NativeExecutor executor = NativeExecutor.create(Sandbox.plain(), pool, timer, 64);

  @AfterEach
  void stop() {
    pool.shutdownNow();
    timer.shutdownNow();
  }

  private ExecSpec sh(String script, Duration timeout) throws IOException {
    Path task = tmp.resolve("task");
    Files.createDirectories(task.resolve("input"));
    Files.createDirectories(task.resolve("output"));
    return ExecSpec.inTaskFolder(List.of("/bin/sh", "-c", script), null, task, timeout);
  }

  private static ExecOutcome await(RunningProcess p) throws Exception {
    return p.outcome().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void shouldCaptureStdoutAndWriteTheOutputFolder() throws Exception {
    ExecSpec spec = sh("echo hello; echo done > \"$XW_OUTPUT_DIR/result.txt\"; pwd > \"$XW_OUTPUT_DIR/pwd\"", Duration.ofSeconds(10));
    ExecOutcome o = await(executor.start(spec));
    assertTrue(o.success(), o.toString());
    assertEquals(0, o.exitCode());
    assertNull(o.error());
    assertEquals("hello\n", Files.readString(spec.stdout()));
    assertEquals("done\n", Files.readString(spec.outputDir().resolve("result.txt")));
    assertEquals(spec.taskDir() + "\n", Files.readString(spec.outputDir().resolve("pwd")));
  }

  @Test
  void shouldGiveTheTaskACleanEnvironment() throws Exception {
    ExecSpec spec = sh("env > \"$XW_OUTPUT_DIR/env\"", Duration.ofSeconds(10));
    assertTrue(await(executor.start(spec)).success());
    Set<String> names = new TreeSet<>();
    for (String line : Files.readAllLines(spec.outputDir().resolve("env"))) {
      names.add(line.substring(0, line.indexOf('=')));
      if (line.startsWith("HOME=")) {
        assertEquals("HOME=" + spec.taskDir(), line);
      }
      if (line.startsWith("XW_INPUT_DIR=")) {
        assertEquals("XW_INPUT_DIR=" + spec.inputDir(), line);
      }
    }
    names.removeAll(Set.of("PWD", "SHLVL", "_", "OLDPWD"));
    assertEquals(new TreeSet<>(Set.of("HOME", "LANG", "PATH", "XW_INPUT_DIR", "XW_OUTPUT_DIR")), names);
  }

  @Test
  void shouldReportTheExitCodeAndTheEndOfStderr() throws Exception {
    ExecSpec spec = sh("i=0; while [ $i -lt 50 ]; do echo \"line $i\" >&2; i=$((i+1)); done; exit 3", Duration.ofSeconds(10));
    ExecOutcome o = await(executor.start(spec));
    assertFalse(o.success());
    assertEquals(3, o.exitCode());
    assertEquals("exit code 3", o.error());
    assertNotNull(o.stderrTail());
    assertTrue(o.stderrTail().length() <= 64, o.stderrTail());
    assertTrue(o.stderrTail().endsWith("line 49\n"), o.stderrTail());
  }

  @Test
  void shouldKillTheWholeProcessTreeOnTimeout() throws Exception {
    ExecSpec spec =
        sh(
            "sleep 60 & echo $! > \"$XW_OUTPUT_DIR/pids\"; sh -c 'sleep 61' & echo $! >> \"$XW_OUTPUT_DIR/pids\"; wait",
            Duration.ofMillis(500));
    long start = System.nanoTime();
    ExecOutcome o = await(executor.start(spec));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "killed long before the sleeps end");
    assertTrue(o.timedOut(), o.toString());
    assertFalse(o.success());
    assertTrue(o.error().startsWith("timed out after 500 ms"), o.error());
    for (String pid : Files.readAllLines(spec.outputDir().resolve("pids"))) {
      Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(pid.strip()));
      for (int i = 0; i < 50 && h.isPresent() && h.get().isAlive(); i++) {
        Thread.sleep(20);
      }
      assertFalse(h.isPresent() && h.get().isAlive(), "child " + pid + " still alive");
    }
  }

  @Test
  void shouldAbortARunningProcess() throws Exception {
    RunningProcess p = executor.start(sh("sleep 60", Duration.ofSeconds(120)));
    Thread.sleep(200);
    p.abort();
    ExecOutcome o = await(p);
    assertTrue(o.aborted());
    assertFalse(o.success());
  }

  @Test
  void shouldSayWhenTheProgramCannotStart() throws Exception {
    Path task = tmp.resolve("task");
    Files.createDirectories(task.resolve("output"));
    ExecSpec spec = ExecSpec.inTaskFolder(List.of("/no/such/program"), null, task, Duration.ofSeconds(5));
    ExecOutcome o = await(executor.start(spec));
    assertEquals(-1, o.exitCode());
    assertTrue(o.error().startsWith("cannot start /no/such/program"), o.error());
  }

  @Test
  void shouldStopAPausedProcessTreeWithSignalsAndHoldItsTimeout() throws Exception {
    ExecSpec spec = sh("sh -c 'while :; do :; done' & echo $! > \"$XW_OUTPUT_DIR/pid\"; wait", Duration.ofSeconds(3));
    RunningProcess p = executor.start(spec);
    Path pidFile = spec.outputDir().resolve("pid");
    for (int i = 0; i < 500 && (!Files.exists(pidFile) || Files.size(pidFile) == 0); i++) {
      Thread.sleep(10);
    }
    ProcessHandle busy = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
    boolean paused = false;
    for (int i = 0; i < 100 && !paused; i++) { // the child may write its pid before start() returns
      paused = p.pause();
      Thread.sleep(paused ? 0 : 10);
    }
    assertTrue(paused);
    Thread.sleep(300);
    assertEquals("T", state(busy.pid()), "stopped");
    long before = cpuNanos(busy);
    Thread.sleep(3500);
    assertEquals(before, cpuNanos(busy), "no CPU while paused");
    assertFalse(p.outcome().toCompletableFuture().isDone(), "the timeout does not run while paused");
    p.resume();
    Thread.sleep(300);
    assertEquals("R", state(busy.pid()), "running again");
    ExecOutcome o = await(p);
    assertTrue(o.timedOut(), "then it times out, with the time that was left: " + o);
    // killed with the tree; its exit is seen once it is reaped (by init, its parent being dead)
    busy.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertFalse(busy.isAlive());
  }

  @Test
  void shouldAbortAPausedProcess() throws Exception {
    RunningProcess p = executor.start(sh("sleep 60", Duration.ofSeconds(120)));
    Thread.sleep(200);
    assertTrue(p.pause());
    p.abort();
    ExecOutcome o = await(p);
    assertTrue(o.aborted(), o.toString());
    assertFalse(p.pause(), "nothing to pause once ended");
  }

  @Test
  void shouldNotPauseAProcessThatDidNotStart() throws Exception {
    RunningProcess p = executor.create(sh("true", Duration.ofSeconds(5)));
    assertFalse(p.pause());
    p.resume();
  }

  private static String state(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  }

  private static long cpuNanos(ProcessHandle h) {
    return h.info().totalCpuDuration().orElseThrow().toNanos();
  }
}
