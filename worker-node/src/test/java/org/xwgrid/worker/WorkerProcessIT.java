package org.xwgrid.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xwgrid.worker.TestingApps.eventually;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.ReplicaState;
import org.xwgrid.common.api.WorkerApi.Assignment;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.worker.exec.TestingCgroups;
import org.xwgrid.worker.report.PendingReportStore;
import org.xwgrid.worker.session.IdentityStore;
import org.xwgrid.worker.session.WorkerIdentity;

/** The worker as a real process: {@code kill -9} loses nothing, SIGTERM stops it gracefully. */
class WorkerProcessIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  @TempDir Path tmp;
  private TestingDispatcher dispatcher;
  private DataRef app;
  private DataRef input;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    dispatcher = TestingDispatcher.start();
    dispatcher.heartbeatIntervalMs(200);
    dispatcher.maxHoldMs(300);
    app = dispatcher.putData(TestingApps.zip(Map.of("run.sh", TestingApps.RUN_SH)), "app.zip");
    input = dispatcher.putData("input data\n".getBytes(StandardCharsets.UTF_8), "data.txt");
  }

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
    dispatcher.close();
  }

  private Process worker(Path work, String log) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Djdk.lang.Process.launchMechanism=VFORK",
            "-Dxwgrid.worker.backoff.max=1s",
            "-Dxwgrid.worker.stop.grace=2s",
            "-Dxwgrid.worker.report.status-delay=0ms",
            "-Dlogback.configurationFile=logback-child.xml",
            "-cp",
            classpath,
            TestingWorkerMain.class.getName(),
            "--dispatcher",
            dispatcher.url(),
            "--token",
            TestingDispatcher.ENROLMENT_TOKEN,
            "--work-dir",
            work.toString(),
            "--slots",
            "2",
            "--name",
            "process-worker",
            "--sandbox",
            "none");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve(log).toFile());
    pb.environment().remove("XW_TOKEN");
    pb.environment().remove("XW_DISPATCHER");
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  private String log(String name) {
    try {
      return "\n--- " + name + " ---\n" + Files.readString(tmp.resolve(name));
    } catch (IOException e) {
      return "";
    }
  }

  private Assignment task(int index, double seconds) {
    return TestingApps.assignment(
        "job-p", index, app, List.of("{app}/run.sh"), List.of(String.valueOf(index), String.valueOf(seconds)), List.of(input));
  }

  private boolean computing(ReplicaRef r) {
    return dispatcher.statuses().stream().anyMatch(u -> u.replica().equals(r) && u.state() == ReplicaState.COMPUTING);
  }

  private static int pending(Path work) {
    try {
      return PendingReportStore.create(work.resolve("pending-reports.json"), ForkJoinPool.commonPool()).load().size();
    } catch (IOException e) {
      return -1;
    }
  }

  @Test
  void shouldDeliverAfterKillMinus9AndStopGracefullyOnSigterm() throws Exception {
    Path work = tmp.resolve("work");
    Process first = worker(work, "first.log");
    Assignment a = task(0, 1.0);
    Assignment b = task(1, 1.0);
    dispatcher.addTask(a);
    dispatcher.addTask(b);
    eventually(WAIT, () -> computing(a.replica()) && computing(b.replica()), () -> "computing " + dispatcher.statuses() + log("first.log"));
    dispatcher.unavailable(true);
    eventually(WAIT, () -> pending(work) == 2, () -> "reports pending on disk" + log("first.log"));
    first.destroyForcibly();
    assertTrue(first.waitFor(10, TimeUnit.SECONDS));
    assertEquals(Map.of(), dispatcher.results());
    WorkerIdentity stored = IdentityStore.create(work.resolve("worker.json"), ForkJoinPool.commonPool()).load().orElseThrow();
    // Leftovers of the crash besides the pending reports: a half download, a stray task folder.
    Files.writeString(work.resolve("cache/" + "a".repeat(64) + ".123.part"), "half");
    Files.createDirectories(work.resolve("tasks/stray-0-1/output"));

    dispatcher.unavailable(false);
    Process second = worker(work, "second.log");
    eventually(WAIT, () -> dispatcher.results().size() == 2, () -> "results " + dispatcher.outcomes() + log("second.log"));
    assertTrue(dispatcher.results().values().stream().allMatch(TaskReport::success));
    TestingDispatcher.Registration last = dispatcher.registrations().get(dispatcher.registrations().size() - 1);
    assertEquals(stored.workerId(), last.request().workerId());
    assertEquals(stored.workerToken(), last.bearer());
    assertEquals(1, dispatcher.workers().size(), "the same worker, not a new one");
    assertFalse(Files.exists(work.resolve("tasks/stray-0-1")));
    assertFalse(Files.exists(work.resolve("cache/" + "a".repeat(64) + ".123.part")));

    Assignment longOne = task(2, 60);
    dispatcher.addTask(longOne);
    eventually(WAIT, () -> computing(longOne.replica()), () -> "computing the long task" + log("second.log"));
    boolean inCgroups = !TestingCgroups.scopeDirs(work).isEmpty();
    long start = System.nanoTime();
    second.destroy();
    assertTrue(second.waitFor(20, TimeUnit.SECONDS), "stops on SIGTERM");
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(143, second.exitValue());
    assertTrue(ms >= 1500, "waited for the 2 s grace before aborting, took " + ms + " ms");
    assertTrue(
        dispatcher.statuses().stream().anyMatch(u -> u.replica().equals(longOne.replica()) && u.state() == ReplicaState.ABORTED),
        "the abandoned replica was announced");
    String log = Files.readString(tmp.resolve("second.log"));
    assertFalse(log.contains("Exception in thread"), log);
    if (inCgroups) {
      assertEquals(List.of(), TestingCgroups.scopeDirs(work), "the task cgroups, idle or not, are removed at the stop" + log("second.log"));
    }
  }
}
