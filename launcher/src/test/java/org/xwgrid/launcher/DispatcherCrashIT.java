package org.xwgrid.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.Zips;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.TaskView;

/**
 * {@code kill -9} of the dispatcher at a random point of a 500-task job, then a restart: the job
 * completes with exactly 500 results, each the right one, none lost, none counted twice. Five
 * times in a row, on one journal, with the same two worker processes riding out every outage.
 */
class DispatcherCrashIT {
  private static final int TASKS = 500;

  @Test
  void shouldCompleteEveryJobExactlyOnceAcrossDispatcherKills(@TempDir Path dir) throws Exception {
    long seed = Long.getLong("xw.seed", System.nanoTime());
    Random random = new Random(seed);
    System.out.println("DispatcherCrashIT seed " + seed + " (rerun with -Dxw.seed=" + seed + ")");
    // a replica whose assignment died with the dispatcher is given up after 5 s instead of 30 s
    try (LocalGrid grid = LocalGrid.start(dir, "-Dxwgrid.dispatcher.workers.assignment-grace=5s")) {
      GridClient admin = grid.admin();
      GridFixture.scriptApp(admin, dir, "echo", "sleep 0.05");
      grid.startWorker("worker-a", 4);
      grid.startWorker("worker-b", 4);
      for (int round = 1; round <= 5; round++) {
        JobView job =
            admin.submitJob(new JobRequest("echo", "crash " + round, TASKS, Map.of("i", "{index}"), null, null, 60L, 5, null));
        long killAfter = 300 + random.nextInt(6000);
        Thread.sleep(killAfter);
        JobView before = admin.getJob(job.id());
        grid.killDispatcher();
        System.out.printf("round %d: killed the dispatcher %d ms after submit, at %s%n", round, killAfter, before.counts());
        grid.startDispatcher();

        JobView done = GridFixture.awaitFinished(admin, job.id(), Duration.ofMinutes(4));
        assertEquals("COMPLETED", done.state(), "round " + round + ": " + done);
        assertEquals(TASKS, GridFixture.count(done, "COMPLETED"), "round " + round + ": " + done.counts());
        assertEquals(TASKS, done.counts().values().stream().mapToInt(Integer::intValue).sum());
        checkResults(admin, job.id(), dir.resolve("round-" + round));
      }
    }
  }

  /** Every task has one result, and it is the output of that very task. */
  private static void checkResults(GridClient client, String jobId, Path into) throws Exception {
    List<TaskView> tasks = GridFixture.tasks(client, jobId, TASKS);
    assertEquals(TASKS, tasks.size());
    Set<Integer> seen = new HashSet<>();
    for (TaskView t : tasks) {
      assertTrue(seen.add(t.index()), "task " + t.index() + " listed twice");
      assertEquals("COMPLETED", t.state(), t.toString());
      assertNotNull(t.result(), t.toString());
      Path zip = Files.createDirectories(into).resolve(t.index() + ".zip");
      client.downloadResult(jobId, t.index(), zip);
      Path out = into.resolve(Integer.toString(t.index()));
      Zips.unzip(zip, out);
      assertEquals("--i=" + t.index(), Files.readString(out.resolve("args.txt")).trim(), "task " + t.index());
    }
  }
}
