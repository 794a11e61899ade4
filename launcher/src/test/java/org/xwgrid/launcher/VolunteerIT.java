package org.xwgrid.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.TaskView;
import org.xwgrid.common.api.ClientApi.WorkerView;

/**
 * Volunteer mode on real worker processes, the owner simulated by a file (the host's real load
 * is left out: {@code idle.threshold = 1}, since the test machine is busy with other builds):
 * the owner's coming back pauses a running task, which resumes where it was when they leave; an
 * owner who stays past the grace gets the task withdrawn, and another worker finishes it.
 */
class VolunteerIT {
  /** 30 ticks 0.2 s apart, one line each: a task frozen mid-way shows as a file that stops growing. */
  private static final String TICKS =
      "i=0; while [ $i -lt 30 ]; do echo $i >> \"$XW_OUTPUT_DIR/ticks.txt\"; i=$((i+1)); sleep 0.2; done";

  private static Path volunteerConf(Path dir, String grace) throws Exception {
    Path conf = dir.resolve("volunteer.conf");
    Files.writeString(conf, String.join("\n",
        "xwgrid.worker.volunteer {",
        "  policy = idle",
        "  idle { threshold = 1, period = 1s }",
        "  grace = " + grace,
        "  sample-interval = 200ms",
        "}"));
    return conf;
  }

  private static LocalGrid grid(Path dir) throws Exception {
    return LocalGrid.start(dir, "-Dxwgrid.dispatcher.workers.heartbeat-interval=1s");
  }

  @Test
  void shouldPauseARunningTaskWhileTheOwnerIsBackAndResumeIt(@TempDir Path dir) throws Exception {
    Path owner = dir.resolve("owner-is-here");
    try (LocalGrid grid = grid(dir)) {
      GridClient admin = grid.admin();
      GridFixture.scriptApp(admin, dir, "ticks", TICKS);
      grid.startWorker("desktop", 1, "--config", volunteerConf(dir, "10m").toString(), "--owner-activity-file", owner.toString());
      JobView job = admin.submitJob(new JobRequest("ticks", "ticks", 1, Map.of(), null, null, 120L, 0, null));
      Path ticks = grid.dir().resolve("desktop/tasks"); // the task's folder in there holds output/ticks.txt
      await("the task ticks", () -> lines(ticks) >= 3, Duration.ofSeconds(60));

      Files.createFile(owner); // the owner is back
      await("the worker shows it paused", () -> activity(admin, "desktop").startsWith("paused"), Duration.ofSeconds(10));
      Thread.sleep(500);
      int frozenAt = lines(ticks);
      Thread.sleep(2000);
      assertEquals(frozenAt, lines(ticks), "a paused task makes no progress");
      assertTrue(frozenAt < 30, "paused mid-way: " + frozenAt);
      assertEquals("RUNNING", admin.listTasks(job.id(), 0, 1).tasks().get(0).state(), "still this worker's");

      Files.delete(owner); // the owner leaves: resumed after idle.period
      JobView done = GridFixture.awaitFinished(admin, job.id(), Duration.ofSeconds(60));
      assertEquals("COMPLETED", done.state(), done.toString());
      TaskView t = admin.listTasks(job.id(), 0, 1).tasks().get(0);
      assertEquals(1, t.attempts(), "resumed, not run again: " + t);
      Path result = dir.resolve("result");
      admin.downloadResult(job.id(), 0, dir.resolve("r.zip"));
      org.xwgrid.common.Zips.unzip(dir.resolve("r.zip"), result);
      List<String> counted = Files.readAllLines(result.resolve("ticks.txt"));
      assertEquals(java.util.stream.IntStream.range(0, 30).mapToObj(Integer::toString).toList(), counted,
          "the same process went on where it stopped");
      await("the worker shows it active again", () -> activity(admin, "desktop").equals("active"), Duration.ofSeconds(10));
    }
  }

  @Test
  void shouldWithdrawATaskWhenTheOwnerStaysAndLetAnotherWorkerFinishIt(@TempDir Path dir) throws Exception {
    Path owner = dir.resolve("owner-is-here");
    try (LocalGrid grid = grid(dir)) {
      GridClient admin = grid.admin();
      GridFixture.scriptApp(admin, dir, "ticks", TICKS);
      grid.startWorker("desktop", 1, "--config", volunteerConf(dir, "2s").toString(), "--owner-activity-file", owner.toString());
      // maxFailures 0: a withdrawal counted as a failure would fail the task
      JobView job = admin.submitJob(new JobRequest("ticks", "ticks", 1, Map.of(), null, null, 120L, 0, null));
      Path ticks = grid.dir().resolve("desktop/tasks"); // the task's folder in there holds output/ticks.txt
      await("the task ticks on the volunteer", () -> lines(ticks) >= 2, Duration.ofSeconds(60));
      String desktop = admin.listTasks(job.id(), 0, 1).tasks().get(0).worker();
      grid.startWorker("server", 1); // a dedicated worker, idle for now

      Files.createFile(owner); // the owner is back, and stays
      JobView done = GridFixture.awaitFinished(admin, job.id(), Duration.ofSeconds(90));
      assertEquals("COMPLETED", done.state(), done.toString());
      TaskView t = admin.listTasks(job.id(), 0, 1).tasks().get(0);
      assertEquals(2, t.attempts(), t.toString());
      assertNotEquals(desktop, t.worker(), "finished by the other worker: " + t);
      assertTrue(t.errors().stream().anyMatch(e -> e.contains("withdrawn: the owner kept using the host")), t.errors().toString());
      String a = activity(admin, "desktop");
      assertTrue(a.startsWith("waiting"), "the volunteer takes no work while its owner is there: " + a);
      assertEquals(0, running(admin, "desktop"));
    }
  }

  /** The lines of the ticks.txt the worker's one task is writing, in whichever of its task folders. */
  private static int lines(Path tasks) {
    try (java.util.stream.Stream<Path> folders = Files.list(tasks)) {
      for (Path f : folders.map(d -> d.resolve("output/ticks.txt")).filter(Files::isRegularFile).toList()) {
        return Files.readAllLines(f).size();
      }
      return 0;
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return 0;
    }
  }

  private static WorkerView worker(GridClient admin, String name) {
    return admin.listWorkers().workers().stream().filter(w -> name.equals(w.name())).findFirst().orElseThrow();
  }

  private static String activity(GridClient admin, String name) {
    String a = worker(admin, name).activity();
    return a == null ? "" : a;
  }

  private static int running(GridClient admin, String name) {
    return worker(admin, name).running();
  }

  private static void await(String what, BooleanSupplier p, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (p.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(what + ": not within " + timeout);
  }
}
