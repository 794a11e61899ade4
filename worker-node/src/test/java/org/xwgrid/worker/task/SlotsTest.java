package org.xwgrid.worker.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.WorkerApi.AppPackage;
import org.xwgrid.common.api.WorkerApi.Assignment;
import org.xwgrid.worker.TestingApps;
import org.xwgrid.worker.net.WorkerCredentials;

class SlotsTest {
  @TempDir Path tmp;
  private TestingTaskRunners t;
  private final List<Slots.Finished> finished = new CopyOnWriteArrayList<>();
  private final WorkerCredentials creds = new WorkerCredentials("w-1", "tok");
  private Slots slots;
  private DataRef app;

  @BeforeEach
  void start() throws Exception {
    t = new TestingTaskRunners(tmp);
    app = t.api.put(TestingApps.zip(Map.of("README", "x")), "app.zip");
    slots = Slots.create(2, t.runner, u -> {}, f -> {
      finished.add(f);
      slots.seen();
    });
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private Assignment sleep(int i, String seconds) {
    return new Assignment(
        new ReplicaRef("job", i, 1), new AppPackage("a", "1", app, List.of("/bin/sleep")), List.of(seconds), List.of(), 20_000, "t");
  }

  @Test
  void shouldRunEveryReplicaButNoMoreThanTheSlotsAtOnce() throws Exception {
    for (int i = 0; i < 6; i++) {
      assertTrue(slots.submit(sleep(i, "0.2"), creds));
    }
    assertEquals(6, slots.outstanding());
    int max = 0;
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (finished.size() < 6 && System.nanoTime() < end) {
      max = Math.max(max, slots.running());
      Thread.sleep(5);
    }
    assertEquals(6, finished.size());
    assertEquals(2, max);
    assertTrue(finished.stream().allMatch(f -> f.task().report().success()));
    assertEquals(0, slots.busy());
  }

  @Test
  void shouldRefuseDuplicatesAndDropQueuedReplicas() throws Exception {
    Assignment a = sleep(0, "30");
    assertTrue(slots.submit(a, creds));
    assertFalse(slots.submit(a, creds), "already here");
    slots.submit(sleep(1, "30"), creds);
    slots.submit(sleep(2, "30"), creds);
    slots.submit(sleep(3, "30"), creds);
    assertEquals(Slots.Abort.DROPPED_FROM_QUEUE, slots.abort(new ReplicaRef("job", 2, 1)));
    assertEquals(Slots.Abort.UNKNOWN, slots.abort(new ReplicaRef("job", 9, 1)));
    assertEquals(List.of(new ReplicaRef("job", 3, 1)), slots.close());
    assertFalse(slots.submit(sleep(4, "0"), creds), "closed");
    Thread.sleep(300);
    assertEquals(2, slots.abortRunning().size());
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (finished.size() < 2 && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertEquals(2, finished.size());
    assertTrue(finished.stream().allMatch(f -> f.task().aborted()));
    assertEquals(0, slots.busy());
  }

  @Test
  void shouldWithdrawRunningReplicasAndGiveBackQueuedOnes() throws Exception {
    for (int i = 0; i < 3; i++) {
      slots.submit(sleep(i, "30"), creds);
    }
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (slots.running() < 2 && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertEquals(List.of(new ReplicaRef("job", 2, 1)), slots.withdrawAll("the owner came back"), "the queued one, never started");
    while (finished.size() < 2 && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertEquals(2, finished.size());
    for (Slots.Finished f : finished) {
      assertTrue(f.task().report().withdrawn(), f.toString());
      assertEquals("the owner came back", f.task().report().error());
    }
    assertEquals(0, slots.outstanding());
  }

  @Test
  void shouldKeepReplicasFromStartingWhilePaused() throws Exception {
    slots.pauseAll();
    assertTrue(slots.paused());
    slots.submit(sleep(0, "0"), creds);
    Thread.sleep(500);
    assertEquals(List.of(), finished, "a replica given while paused waits");
    slots.resumeAll();
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (finished.isEmpty() && System.nanoTime() < end) {
      Thread.sleep(10);
    }
    assertTrue(finished.get(0).task().report().success());
  }
}
