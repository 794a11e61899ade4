package org.xwgrid.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.TaskView;
import org.xwgrid.common.api.ClientApi.WorkerView;

/**
 * {@code kill -9} of a worker in the middle of a task: after the heartbeat timeout the dispatcher
 * declares it lost and another worker finishes the task.
 */
class WorkerCrashIT {

  @Test
  void shouldFinishTheTaskOnAnotherWorkerAfterTheHeartbeatTimeout(@TempDir Path dir) throws Exception {
    try (LocalGrid grid = LocalGrid.start(dir, "-Dxwgrid.dispatcher.workers.heartbeat-timeout=6s",
        "-Dxwgrid.dispatcher.workers.heartbeat-interval=1s")) {
      GridClient admin = grid.admin();
      GridFixture.scriptApp(admin, dir, "slow", "sleep 4; echo done > \"$XW_OUTPUT_DIR/done.txt\"");
      Process doomed = grid.startWorker("doomed", 1);
      JobView job = admin.submitJob(new JobRequest("slow", "one slow task", 1, Map.of(), null, null, 60L, null, null));
      TaskView running =
          awaitTask(admin, job.id(), t -> "RUNNING".equals(t.state()), Duration.ofSeconds(60));
      String doomedId = running.worker();
      doomed.destroyForcibly(); // kill -9 mid-task
      doomed.waitFor();
      grid.startWorker("rescuer", 1);

      JobView done = GridFixture.awaitFinished(admin, job.id(), Duration.ofSeconds(90));
      assertEquals("COMPLETED", done.state(), done.toString());
      TaskView t = admin.listTasks(job.id(), 0, 1).tasks().get(0);
      assertEquals(2, t.attempts(), t.toString());
      assertTrue(!doomedId.equals(t.worker()), "finished by another worker: " + t);
      assertTrue(t.errors().stream().anyMatch(e -> e.contains("lost")), t.errors().toString());

      WorkerView dead =
          admin.listWorkers().workers().stream().filter(w -> w.id().equals(doomedId)).findFirst().orElseThrow();
      assertEquals("LOST", dead.status(), dead.toString());
      assertTrue(dead.history().stream().anyMatch(h -> h.contains("lost")), dead.history().toString());
    }
  }

  private static TaskView awaitTask(
      GridClient client, String jobId, java.util.function.Predicate<TaskView> p, Duration timeout)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      TaskView t = client.listTasks(jobId, 0, 1).tasks().get(0);
      if (p.test(t)) {
        return t;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("task of " + jobId + " never got there");
  }
}
