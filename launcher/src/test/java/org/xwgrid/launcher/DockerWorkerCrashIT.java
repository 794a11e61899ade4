package org.xwgrid.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.TaskView;

/**
 * {@code kill -9} of a worker while its tasks run in containers (on a real Docker engine): the
 * containers outlive it; restarted, the worker removes them and reports their replicas lost, and
 * they run again to completion. Nothing of the job is left on the engine afterwards.
 */
class DockerWorkerCrashIT {
  private static final String IMAGE = "xwtest/sleeper:1";

  @Test
  void shouldRemoveItsContainersAndReportTheirTasksLostAfterAKill(@TempDir Path dir) throws Exception {
    Path archive = sleeperImage(dir);
    try (LocalGrid grid = LocalGrid.start(dir, "-Dxwgrid.dispatcher.workers.heartbeat-interval=1s",
        "-Dxwgrid.dispatcher.workers.heartbeat-timeout=120s")) {
      GridClient admin = grid.admin();
      Path manifest = dir.resolve("sleeper.json");
      Files.writeString(manifest, "{\"name\":\"sleeper\",\"version\":\"1\",\"kind\":\"docker\",\"image\":\"" + IMAGE + "\","
          + "\"imageArchive\":\"" + archive.getFileName() + "\",\"entrypoint\":[\"/bin/sh\",\"-c\","
          + "\"sleep 6; echo done > /xw/output/done.txt\"]}");
      AppView app = admin.registerAppFolder(manifest);
      assertEquals("docker", app.kind());
      Process crashy = grid.startWorker("crashy", 2, "--docker", "required");
      JobView job = admin.submitJob(new JobRequest("sleeper", "two sleepers", 2, Map.of(), null, null, 120L, 0, null));
      await("both tasks in their containers", () -> containers(job.id(), false).size() == 2, Duration.ofSeconds(90));

      crashy.destroyForcibly(); // kill -9: no shutdown hook, the containers go on
      crashy.waitFor();
      assertEquals(2, containers(job.id(), true).size(), "the containers outlive the worker");

      grid.startWorker("crashy", 2, "--docker", "required"); // the same work dir
      // maxFailures 0: the lost replicas are reported withdrawn, not failed, and run again
      JobView done = GridFixture.awaitFinished(admin, job.id(), Duration.ofSeconds(120));
      assertEquals("COMPLETED", done.state(), done.toString());
      for (TaskView t : admin.listTasks(job.id(), 0, 2).tasks()) {
        assertEquals(2, t.attempts(), t.toString());
        // the worker's report, or its first heartbeat without them if that came first: lost either way
        assertTrue(t.errors().stream().anyMatch(e -> e.contains("withdrawn: lost: the worker stopped while its container ran")
                || e.contains("withdrawn: the worker does not run it")), t.errors().toString());
      }
      String log = Files.readString(dir.resolve("crashy.log"));
      for (int task = 0; task < 2; task++) {
        assertTrue(log.contains("Replica [" + job.id() + "/" + task + "#1] was lost when this worker stopped while its container ran"),
            "the restarted worker reports task " + task + " lost:\n" + log);
      }
      assertTrue(log.contains("left by an earlier run"), "the restart removed the leftovers");
      assertEquals(List.of(), containers(job.id(), true), "no container of the job is left");
    }
  }

  /** A busybox image saved as a docker archive, absent from the engine (the worker loads it). */
  private static Path sleeperImage(Path dir) throws Exception {
    Path rootfs = Files.createDirectories(dir.resolve("rootfs/bin"));
    Files.copy(Path.of("/bin/busybox"), rootfs.resolve("busybox"));
    Files.createSymbolicLink(rootfs.resolve("sh"), Path.of("busybox"));
    Files.createSymbolicLink(rootfs.resolve("sleep"), Path.of("busybox"));
    Files.createDirectories(dir.resolve("rootfs/tmp"));
    docker("sh", "-c", "tar -C '" + dir.resolve("rootfs") + "' -cf - . | docker import - " + IMAGE);
    Path archive = dir.resolve("sleeper.tar");
    docker("docker", "save", "-o", archive.toString(), IMAGE);
    docker("docker", "rmi", IMAGE);
    return archive;
  }

  /** Containers of this job's replicas (by their replica label), running only or all. */
  private static List<String> containers(String jobId, boolean all) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int task = 0; task < 2; task++) {
      for (int attempt = 1; attempt <= 2; attempt++) {
        List<String> cmd = new ArrayList<>(List.of("docker", "ps", "-q"));
        if (all) {
          cmd.add("-a");
        }
        cmd.addAll(List.of("--filter", "label=org.xwgrid.replica=" + jobId + "-" + task + "-" + attempt));
        docker(cmd.toArray(String[]::new)).lines().filter(l -> !l.isBlank()).forEach(ids::add);
      }
    }
    return ids;
  }

  private static String docker(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    return out;
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void await(String what, Check c, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (c.ok()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(what + ": not within " + timeout);
  }
}
