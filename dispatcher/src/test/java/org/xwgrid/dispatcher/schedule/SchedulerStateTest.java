package org.xwgrid.dispatcher.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xwgrid.common.api.Capabilities;
import org.xwgrid.common.api.Requirements;
import org.xwgrid.dispatcher.schedule.SchedulerState.Pick;
import org.xwgrid.dispatcher.testing.Samples;

class SchedulerStateTest {
  private static final long T0 = 1_000_000;
  private static final long TIMEOUT = 20_000;
  private static final Capabilities LINUX = Samples.linux();

  private final SchedulerState state = new SchedulerState();

  private static List<Integer> range(int from, int to) {
    List<Integer> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(i);
    }
    return out;
  }

  @Test
  void shouldServeJobsRoundRobin() {
    state.offer("a", Requirements.ANY, range(0, 4), List.of(), T0);
    state.offer("b", Requirements.ANY, range(0, 4), List.of(), T0);
    state.offer("c", Requirements.ANY, range(0, 1), List.of(), T0);
    List<String> order = new ArrayList<>();
    for (Pick p; (p = state.take("w1", LINUX, 1)) != null; ) {
      order.add(p.jobId() + p.tasks());
    }
    assertEquals(
        List.of("a[0]", "b[0]", "c[0]", "a[1]", "b[1]", "a[2]", "b[2]", "a[3]", "b[3]"), order);
    assertEquals(0, state.queuedTasks());
  }

  @Test
  void shouldTakeUpToMaxTasksOfOneJob() {
    state.offer("a", Requirements.ANY, range(0, 5), List.of(), T0);
    state.offer("b", Requirements.ANY, range(0, 5), List.of(), T0);
    assertEquals(new Pick("a", List.of(0, 1, 2)), state.take("w1", LINUX, 3));
    assertEquals(new Pick("b", List.of(0, 1, 2)), state.take("w1", LINUX, 3));
    assertEquals(new Pick("a", List.of(3, 4)), state.take("w1", LINUX, 3));
    assertEquals(2, state.queuedTasks());
    assertEquals(0, state.queued("a"));
    assertEquals(2, state.queued("b"));
  }

  @Test
  void shouldGiveNothingWhenNothingIsQueued() {
    assertNull(state.take("w1", LINUX, 10));
    state.offer("a", Requirements.ANY, List.of(), List.of(), T0);
    assertNull(state.take("w1", LINUX, 10));
  }

  @Test
  void shouldRespectEveryRequirementOfAJob() {
    Capabilities worker = new Capabilities("Linux", "amd64", 4, 8192, List.of("gpu", "ssd"));
    Map<String, Requirements> refused =
        Map.of(
            "os", new Requirements("windows", null, 0, 0, List.of()),
            "arch", new Requirements(null, "aarch64", 0, 0, List.of()),
            "cores", new Requirements(null, null, 5, 0, List.of()),
            "memory", new Requirements(null, null, 0, 8193, List.of()),
            "tags", new Requirements(null, null, 0, 0, List.of("gpu", "fpga")));
    refused.forEach((job, req) -> state.offer(job, req, List.of(0), List.of(), T0));
    assertNull(state.take("w1", worker, 10), "no job matches");
    assertEquals(5, state.queuedTasks(), "nothing was taken");

    state.offer("fits", new Requirements("linux", "AMD64", 4, 8192, List.of("ssd")), List.of(7), List.of(), T0);
    assertEquals(new Pick("fits", List.of(7)), state.take("w1", worker, 10));
    state.offer("any", new Requirements("", "", 0, 0, null), List.of(1), List.of(), T0);
    assertEquals(new Pick("any", List.of(1)), state.take("w1", worker, 10));
  }

  @Test
  void shouldServeAJobQueuedBehindOneTheWorkerCannotRun() {
    state.offer("big", new Requirements(null, null, 64, 0, List.of()), range(0, 3), List.of(), T0);
    state.offer("small", Requirements.ANY, range(0, 3), List.of(), T0);
    assertEquals(new Pick("small", List.of(0, 1, 2)), state.take("w1", LINUX, 10));
    assertEquals(new Pick("big", List.of(0, 1)), state.take("w2", Samples.linux(64, 1), 2));
  }

  @Test
  void shouldNotQueueATaskTwiceWhenOfferedAndAdded() {
    state.offer("a", Requirements.ANY, List.of(0, 1, 1), List.of(), T0);
    state.add("a", Requirements.ANY, List.of(1, 2, 2, 0));
    assertEquals(3, state.queued("a"));
    assertEquals(new Pick("a", List.of(0, 1, 2)), state.take("w1", LINUX, 10));
    state.add("a", Requirements.ANY, List.of(1));
    assertEquals(new Pick("a", List.of(1)), state.take("w1", LINUX, 10), "a taken task may be queued again");
  }

  @Test
  void shouldReplaceTheQueueOfAJobWhenOffered() {
    state.offer("a", Requirements.ANY, range(0, 3), List.of(), T0);
    state.offer("a", Requirements.ANY, List.of(5), List.of(), T0);
    assertEquals(1, state.queued("a"));
    assertEquals(new Pick("a", List.of(5)), state.take("w1", LINUX, 10));
    state.offer("a", Requirements.ANY, List.of(), List.of(), T0);
    assertEquals(0, state.queuedTasks());
  }

  @Test
  void shouldTakeTheLatestRequirementsOfAJob() {
    state.offer("a", new Requirements("windows", null, 0, 0, List.of()), List.of(0), List.of(), T0);
    state.add("a", Requirements.ANY, List.of(1));
    assertEquals(new Pick("a", List.of(0, 1)), state.take("w1", LINUX, 10));
  }

  @Test
  void shouldForgetAWithdrawnJobsQueue() {
    state.offer("a", Requirements.ANY, range(0, 3), List.of(), T0);
    state.offer("b", Requirements.ANY, range(0, 2), List.of(), T0);
    state.withdraw("a");
    state.withdraw("unknown");
    assertEquals(0, state.queued("a"));
    assertEquals(2, state.queuedTasks());
    assertEquals("b", state.take("w1", LINUX, 10).jobId());
    assertNull(state.take("w1", LINUX, 10));
  }

  @Test
  void shouldNeverQueueDuplicatesOverRandomOffersAndAdds() {
    Random rnd = new Random(42);
    for (int round = 0; round < 2000; round++) {
      String job = "j" + rnd.nextInt(3);
      List<Integer> tasks = new ArrayList<>();
      for (int k = rnd.nextInt(6); k > 0; k--) {
        tasks.add(rnd.nextInt(8));
      }
      switch (rnd.nextInt(4)) {
        case 0 -> state.offer(job, Requirements.ANY, tasks, List.of(), T0);
        case 1 -> state.add(job, Requirements.ANY, tasks);
        case 2 -> state.take("w", LINUX, 1 + rnd.nextInt(3));
        default -> { }
      }
      for (String j : List.of("j0", "j1", "j2")) {
        assertTrue(state.queued(j) <= 8, "at most one entry per task of " + j);
      }
    }
    Map<String, Set<Integer>> drained = new java.util.HashMap<>();
    for (Pick p; (p = state.take("w", LINUX, 1)) != null; ) {
      assertTrue(drained.computeIfAbsent(p.jobId(), k -> new HashSet<>()).add(p.tasks().get(0)), "duplicate " + p);
    }
  }

  // ---- liveness -------------------------------------------------------------------------------

  @Test
  void shouldRecordTheJobsAWorkerTakesTasksOf() {
    state.seen("w1", LINUX, T0);
    state.offer("a", Requirements.ANY, range(0, 2), List.of(), T0);
    state.take("w1", LINUX, 1);
    assertEquals(Set.of("a"), state.jobsOf("w1"));
    assertEquals(Set.of(), state.jobsOf("unknown"));
  }

  @Test
  void shouldDeclareASilentWorkerLostExactlyOnceWithTheJobsItHeld() {
    state.seen("w1", LINUX, T0);
    state.seen("w2", LINUX, T0);
    state.offer("a", Requirements.ANY, range(0, 2), List.of(), T0);
    state.offer("b", Requirements.ANY, List.of(), List.of(), T0);
    state.take("w1", LINUX, 1);
    state.running("w1", 3, List.of("b"), null);
    state.seen("w2", LINUX, T0 + TIMEOUT);

    assertEquals(Map.of(), state.expire(T0 + TIMEOUT, TIMEOUT), "silent for exactly the timeout");
    Map<String, Set<String>> lost = state.expire(T0 + TIMEOUT + 1, TIMEOUT);
    assertEquals(Map.of("w1", Set.of("a", "b")), lost);
    SchedulerState.WorkerLive w1 = state.workers().get("w1");
    assertTrue(w1.lost());
    assertEquals(0, w1.running());
    assertEquals(Set.of(), state.jobsOf("w1"), "a lost worker holds nothing any more");
    assertEquals(
        Map.of("w2", Set.of()), state.expire(T0 + 10 * TIMEOUT, TIMEOUT), "w1 is not declared lost twice");
    assertEquals(Map.of(), state.expire(T0 + 20 * TIMEOUT, TIMEOUT));
  }

  @Test
  void shouldBringALostWorkerBackWhenItIsSeenAgain() {
    assertFalse(state.seen("w1", LINUX, T0), "a new worker was never lost");
    state.expire(T0 + TIMEOUT + 1, TIMEOUT);
    assertTrue(state.workers().get("w1").lost());
    assertTrue(state.seen("w1", null, T0 + TIMEOUT + 2), "back");
    assertFalse(state.workers().get("w1").lost());
    assertEquals(T0 + TIMEOUT + 2, state.workers().get("w1").lastSeen());
    assertFalse(state.seen("w1", LINUX, T0 + TIMEOUT + 3), "back only once");
    assertEquals(Map.of(), state.expire(T0 + TIMEOUT + 3, TIMEOUT));
  }

  @Test
  void shouldWatchTheHoldersAJobOffersFromTheTimeOfTheOffer() {
    state.offer("a", Requirements.ANY, List.of(), List.of("w9"), T0);
    assertEquals(Set.of("a"), state.jobsOf("w9"));
    assertFalse(state.workers().get("w9").lost());
    assertEquals(T0, state.workers().get("w9").lastSeen());
    assertEquals(Map.of("w9", Set.of("a")), state.expire(T0 + TIMEOUT + 1, TIMEOUT));
  }

  @Test
  void shouldKeepTheLastSeenTimeOfAKnownHolderWhenOffered() {
    state.seen("w1", LINUX, T0);
    state.offer("a", Requirements.ANY, List.of(), List.of("w1"), T0 + 5_000);
    assertEquals(T0, state.workers().get("w1").lastSeen());
  }

  @Test
  void shouldRecordRunningCountsOfKnownWorkersOnly() {
    state.running("ghost", 2, List.of("a"), null);
    assertNull(state.workers().get("ghost"));
    state.seen("w1", LINUX, T0);
    state.offer("a", Requirements.ANY, List.of(), List.of(), T0);
    state.offer("b", Requirements.ANY, List.of(), List.of(), T0);
    state.running("w1", 2, List.of("a", "b", "never-offered"), null);
    assertEquals(2, state.workers().get("w1").running());
    assertEquals(Set.of("a", "b"), state.jobsOf("w1"), "only jobs the scheduler knows");
    assertNotNull(state.workers().get("w1").jobs());
  }

  @Test
  void shouldForgetAWithdrawnJobInTheJobsOfItsWorkers() {
    state.seen("w1", LINUX, T0);
    state.offer("a", Requirements.ANY, range(0, 1), List.of(), T0);
    state.take("w1", LINUX, 1);
    state.withdraw("a");
    assertEquals(Set.of(), state.jobsOf("w1"));
  }
}
