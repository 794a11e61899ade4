package org.xwgrid.dispatcher.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import org.xwgrid.common.api.ClientApi;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.TaskView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.dispatcher.job.JobState.Event;
import org.xwgrid.dispatcher.job.JobState.JobCancelled;
import org.xwgrid.dispatcher.job.JobState.JobStatus;
import org.xwgrid.dispatcher.job.JobState.JobSubmitted;
import org.xwgrid.dispatcher.job.JobState.ReplicaFailure;
import org.xwgrid.dispatcher.job.JobState.ReplicasAssigned;
import org.xwgrid.dispatcher.job.JobState.ReplicasFailed;
import org.xwgrid.dispatcher.job.JobState.TaskResult;
import org.xwgrid.dispatcher.job.JobState.TaskStatus;
import org.xwgrid.dispatcher.job.JobState.TasksCompleted;
import org.xwgrid.dispatcher.testing.Samples;

class JobStateTest {
  private static final long T0 = Samples.SUBMITTED_AT.toEpochMilli();

  private static JobState submitted(int tasks, int maxFailures) {
    return JobState.empty().apply(new JobSubmitted(Samples.job("job-1", tasks, maxFailures, 60_000)));
  }

  private static ReplicasAssigned assigned(String worker, long at, Integer... tasks) {
    return new ReplicasAssigned(worker, List.of(tasks), at);
  }

  private static final Map<String, TaskResult> RESULTS = new java.util.concurrent.ConcurrentHashMap<>();

  private static TaskResult result(int task, int attempt) {
    return RESULTS.computeIfAbsent(
        task + "#" + attempt,
        k -> new TaskResult(task, attempt, Samples.data("out-" + task + "-" + attempt + ".zip"), Samples.sha("d" + task), 1234));
  }

  private static TasksCompleted completed(String worker, long at, TaskResult... results) {
    return new TasksCompleted(worker, List.of(results), at);
  }

  private static ReplicasFailed failed(String worker, long at, ReplicaFailure... failures) {
    return new ReplicasFailed(worker, List.of(failures), at);
  }

  @Test
  void shouldNeverCountATaskTwiceWhateverTheEventsSay() {
    JobState s = submitted(2, 3);
    s.apply(assigned("w1", T0 + 1, 0));
    s.apply(completed("w1", T0 + 2, result(0, 1)));
    // a late assignment, a second result and a failure of a finished task change nothing
    s.apply(assigned("w2", T0 + 3, 0));
    s.apply(completed("w2", T0 + 4, result(0, 2)));
    s.apply(failed("w1", T0 + 5, new ReplicaFailure(0, 1, "late")));
    assertEquals(TaskStatus.COMPLETED, s.task(0).status());
    assertEquals(1, s.task(0).attempts());
    assertEquals(result(0, 1).result(), s.task(0).result());
    assertEquals(1, s.count(TaskStatus.COMPLETED));
    assertEquals(1, s.count(TaskStatus.PENDING));
    assertEquals(List.of(), s.runningOn("w2"));
    // the failure of a replica that is not the current one does not requeue the task
    s.apply(assigned("w1", T0 + 6, 1));
    s.apply(failed("w1", T0 + 7, new ReplicaFailure(1, 2, "no such attempt")));
    assertEquals(TaskStatus.RUNNING, s.task(1).status());
    assertEquals(List.of(1), s.runningOn("w1"));
  }

  @Test
  void shouldRequeueAWithdrawnReplicaWithoutCountingAFailure() {
    JobState s = submitted(1, 0); // a single failure would fail the task
    s.apply(assigned("w1", T0 + 1, 0));
    s.apply(failed("w1", T0 + 2, new ReplicaFailure(0, 1, "the owner came back", true)));
    assertEquals(TaskStatus.PENDING, s.task(0).status(), "a withdrawn replica runs again elsewhere");
    assertEquals(List.of("attempt 1 on w1: withdrawn: the owner came back"), s.task(0).errors());
    s.apply(assigned("w2", T0 + 3, 0));
    s.apply(completed("w2", T0 + 4, new TaskResult(0, 2, Samples.data("o.zip"), Samples.sha("d"), 700, 650L, 9_000_000L)));
    assertEquals(TaskStatus.COMPLETED, s.task(0).status());
    ClientApi.TaskView v = s.taskView(0, null);
    assertEquals(650L, v.cpuMs());
    assertEquals(9_000_000L, v.peakMemoryBytes());
    assertEquals(v, JobState.fromSnapshot(s.toSnapshot()).taskView(0, null), "usage survives a snapshot");
    // a real failure still counts
    JobState f = submitted(1, 0);
    f.apply(assigned("w1", T0 + 1, 0));
    f.apply(failed("w1", T0 + 2, new ReplicaFailure(0, 1, "segfault")));
    assertEquals(TaskStatus.FAILED, f.task(0).status());
  }

  @Test
  void shouldStartWithEveryTaskPendingWhenSubmitted() {
    assertFalse(JobState.empty().exists());
    JobState s = submitted(4, 3);
    assertTrue(s.exists());
    assertTrue(s.active());
    assertEquals(4, s.size());
    assertEquals(4, s.count(TaskStatus.PENDING));
    assertEquals(List.of(0, 1, 2, 3), s.pending());
    assertEquals(Set.of(), s.holders());
    JobView v = s.view();
    assertEquals("RUNNING", v.state());
    assertEquals(4, v.tasks());
    assertEquals(4, v.counts().get("PENDING"));
    assertNull(v.finishedAt());
  }

  @Test
  void shouldRunAssignedTasksOnTheirWorker() {
    JobState s = submitted(3, 3).apply(assigned("w1", T0 + 5, 0, 2));
    assertEquals(TaskStatus.RUNNING, s.task(0).status());
    assertEquals("w1", s.task(0).worker());
    assertEquals(1, s.task(0).attempts());
    assertEquals(T0 + 5, s.task(0).assignedAt());
    assertEquals("w1", s.task(2).workerOfAttempt(1));
    assertNull(s.task(2).workerOfAttempt(2));
    assertNull(s.task(2).workerOfAttempt(0));
    assertEquals(TaskStatus.PENDING, s.task(1).status());
    assertNull(s.task(1).worker());
    assertEquals(List.of(1), s.pending());
    assertEquals(Set.of("w1"), s.holders());
    assertEquals(T0 + 5, s.lastAssignedAt());
    assertEquals(2, s.count(TaskStatus.RUNNING));
  }

  @Test
  void shouldCompleteTasksAndTheJobAtTheTimeOfTheLastResult() {
    JobState s = submitted(2, 3).apply(assigned("w1", T0 + 1, 0, 1));
    s.apply(completed("w1", T0 + 10, result(0, 1)));
    assertEquals(TaskStatus.COMPLETED, s.task(0).status());
    assertEquals(JobStatus.RUNNING, s.status());
    assertNull(s.view().finishedAt());
    s.apply(completed("w1", T0 + 20, result(1, 1)));
    assertEquals(JobStatus.COMPLETED, s.status());
    assertFalse(s.active());
    assertEquals(Instant.ofEpochMilli(T0 + 20), s.view().finishedAt());
    assertEquals("COMPLETED", s.view().state());
    TaskView t = s.taskView(1, null);
    assertEquals("COMPLETED", t.state());
    assertEquals("w1", t.worker());
    assertEquals(result(1, 1).result(), t.result());
    assertEquals(Samples.sha("d1"), t.resultDigest());
    assertEquals(List.of("--prefix=1Lo", "--seed=s1"), t.args());
    assertEquals(result(1, 1).result(), s.task(1).result());
  }

  @Test
  void shouldRequeueFailuresUntilMoreThanMaxFailuresThenFailKeepingEveryReason() {
    JobState s = submitted(1, 2);
    for (int attempt = 1; attempt <= 2; attempt++) {
      s.apply(assigned("w" + attempt, T0 + attempt, 0));
      s.apply(failed("w" + attempt, T0 + attempt, new ReplicaFailure(0, attempt, "boom " + attempt)));
      assertEquals(TaskStatus.PENDING, s.task(0).status(), "after failure " + attempt);
      assertEquals(List.of(0), s.pending());
    }
    s.apply(assigned("w3", T0 + 3, 0));
    s.apply(failed("w3", T0 + 30, new ReplicaFailure(0, 3, "boom 3")));
    assertEquals(TaskStatus.FAILED, s.task(0).status());
    assertEquals(3, s.task(0).attempts());
    assertEquals(
        List.of("attempt 1 on w1: boom 1", "attempt 2 on w2: boom 2", "attempt 3 on w3: boom 3"),
        s.taskView(0, null).errors());
    assertEquals(JobStatus.FAILED, s.status());
    assertEquals(Instant.ofEpochMilli(T0 + 30), s.view().finishedAt());
    assertEquals("w3", s.taskView(0, null).worker(), "the last worker is shown once the task is over");
  }

  @Test
  void shouldFailAtTheFirstFailureWhenMaxFailuresIsZero() {
    JobState s = submitted(1, 0).apply(assigned("w1", T0, 0));
    s.apply(failed("w1", T0 + 1, new ReplicaFailure(0, 1, "exit 1")));
    assertEquals(TaskStatus.FAILED, s.task(0).status());
  }

  @Test
  void shouldFailTheJobOnlyWhenEveryTaskIsFinishedAndSomeFailed() {
    JobState s = submitted(2, 0).apply(assigned("w1", T0, 0, 1));
    s.apply(failed("w1", T0 + 1, new ReplicaFailure(0, 1, "bad")));
    assertEquals(JobStatus.RUNNING, s.status(), "task 1 still runs");
    s.apply(completed("w1", T0 + 2, result(1, 1)));
    assertEquals(JobStatus.FAILED, s.status());
    assertEquals(1, s.count(TaskStatus.FAILED));
    assertEquals(1, s.count(TaskStatus.COMPLETED));
    assertEquals(Instant.ofEpochMilli(T0 + 2), s.view().finishedAt());
  }

  @Test
  void shouldCancelOnlyUnfinishedTasks() {
    JobState s = submitted(3, 3).apply(assigned("w1", T0, 0, 1));
    s.apply(completed("w1", T0 + 1, result(0, 1)));
    s.apply(new JobCancelled("alice", T0 + 9));
    assertEquals(TaskStatus.COMPLETED, s.task(0).status());
    assertEquals(TaskStatus.CANCELLED, s.task(1).status());
    assertEquals(TaskStatus.CANCELLED, s.task(2).status());
    assertEquals(JobStatus.CANCELLED, s.status());
    assertFalse(s.active());
    assertEquals(List.of(), s.pending());
    assertEquals(Set.of(), s.holders());
    assertEquals(Instant.ofEpochMilli(T0 + 9), s.view().finishedAt());
  }

  @Test
  void shouldListEveryWorkerHoldingARunningReplicaOnce() {
    JobState s = submitted(5, 3).apply(assigned("w1", T0, 0, 1)).apply(assigned("w2", T0, 2)).apply(assigned("w1", T0, 3));
    assertEquals(List.of("w1", "w2"), new ArrayList<>(s.holders()));
    s.apply(completed("w2", T0 + 1, result(2, 1)));
    assertEquals(Set.of("w1"), s.holders());
    assertEquals(List.of(4), s.pending());
  }

  @Test
  void shouldCountALateSuccessOfAnEarlierAttempt() {
    JobState s = submitted(1, 3).apply(assigned("w1", T0, 0));
    s.apply(failed("w1", T0 + 1, new ReplicaFailure(0, 1, "worker lost")));
    s.apply(assigned("w2", T0 + 2, 0));
    s.apply(completed("w1", T0 + 3, result(0, 1)));
    assertEquals(TaskStatus.COMPLETED, s.task(0).status());
    assertEquals(2, s.task(0).attempts());
    assertEquals(Set.of(), s.holders());
    assertEquals(JobStatus.COMPLETED, s.status());
  }

  @Test
  void shouldChangeNothingForAnEmptyBatchOfResults() {
    JobState s = submitted(1, 1).apply(new TasksCompleted("w", List.of(), T0));
    assertEquals(1, s.count(TaskStatus.PENDING));
    assertTrue(s.active());
  }

  @Test
  void shouldRejectAnEventItDoesNotKnow() {
    assertThrows(IllegalStateException.class, () -> JobState.empty().apply(null));
  }

  @Test
  void shouldGiveAnEqualViewOfEveryTaskAfterASnapshotRoundTrip() {
    JobState s = submitted(4, 1).apply(assigned("w1", T0 + 1, 0, 1, 2));
    s.apply(completed("w1", T0 + 2, result(0, 1)));
    s.apply(failed("w1", T0 + 3, new ReplicaFailure(1, 1, "oops")));
    s.apply(assigned("w2", T0 + 4, 1));
    assertSameState(s, JobState.fromSnapshot(s.toSnapshot()));
    s.apply(new JobCancelled("admin", T0 + 5));
    assertSameState(s, JobState.fromSnapshot(s.toSnapshot()));
  }

  @Test
  void shouldRestoreAnEmptyStateFromASnapshotWithoutSpec() {
    JobState s = JobState.fromSnapshot(JobState.empty().toSnapshot());
    assertFalse(s.exists());
    assertEquals(0, s.size());
  }

  // ---- property: random histories that respect the entity's rules ----------------------------

  @Test
  void shouldKeepCountsConsistentAndSnapshotsFaithfulOverRandomHistories() {
    for (long seed = 1; seed <= 300; seed++) {
      Random rnd = new Random(seed);
      int tasks = 1 + rnd.nextInt(12);
      int maxFailures = rnd.nextInt(3);
      List<Event> history = randomHistory(rnd, tasks, maxFailures);
      JobState s = JobState.empty();
      int cut = rnd.nextInt(history.size() + 1);
      JobState restored = null;
      for (int k = 0; k < history.size(); k++) {
        if (k == cut) {
          restored = JobState.fromSnapshot(s.toSnapshot());
        }
        s.apply(history.get(k));
        if (restored != null) {
          restored.apply(history.get(k));
        }
        long sd = seed;
        int at = k;
        checkInvariants(s, () -> "seed " + sd + " after event " + at + " " + history.get(at));
      }
      if (restored == null) {
        restored = JobState.fromSnapshot(s.toSnapshot());
      }
      assertSameState(s, restored);
      assertSameState(s, JobState.fromSnapshot(s.toSnapshot()));
    }
  }

  /** Events as {@link JobEntity} would journal them: only its own checks decide what is allowed. */
  private static List<Event> randomHistory(Random rnd, int tasks, int maxFailures) {
    List<Event> out = new ArrayList<>();
    JobState s = JobState.empty();
    out.add(new JobSubmitted(Samples.job("job-p", tasks, maxFailures, 1000)));
    s.apply(out.get(0));
    String[] workers = {"w1", "w2", "w3"};
    long t = T0;
    for (int step = 0; step < 60 && s.active(); step++) {
      t += 1 + rnd.nextInt(1000);
      String w = workers[rnd.nextInt(workers.length)];
      int what = rnd.nextInt(100);
      Event e = null;
      if (what < 35) {
        List<Integer> take = sample(rnd, s.pending());
        e = take.isEmpty() ? null : new ReplicasAssigned(w, take, t);
      } else if (what < 60) {
        // successes, possibly late ones of earlier attempts of this worker
        List<TaskResult> rs = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
          JobState.Task task = s.task(i);
          if (task.status().terminal() || !rnd.nextBoolean()) {
            continue;
          }
          for (int a = task.attempts(); a >= 1; a--) {
            if (w.equals(task.workerOfAttempt(a))) {
              rs.add(result(i, a));
              break;
            }
          }
        }
        e = rs.isEmpty() ? null : new TasksCompleted(w, rs, t);
      } else if (what < 85) {
        // failures of current attempts: reported by the worker, lost, or overdue ("-")
        boolean deadline = rnd.nextInt(4) == 0;
        List<ReplicaFailure> fs = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
          JobState.Task task = s.task(i);
          if (task.status() == TaskStatus.RUNNING && (deadline || w.equals(task.worker())) && rnd.nextBoolean()) {
            fs.add(new ReplicaFailure(i, task.attempts(), "failure at " + t));
          }
        }
        e = fs.isEmpty() ? null : new ReplicasFailed(deadline ? "-" : w, fs, t);
      } else if (what < 88) {
        e = new JobCancelled("alice", t);
      }
      if (e != null) {
        out.add(e);
        s.apply(e);
      }
    }
    return out;
  }

  private static List<Integer> sample(Random rnd, List<Integer> from) {
    List<Integer> out = new ArrayList<>();
    for (int i : from) {
      if (rnd.nextInt(3) > 0) {
        out.add(i);
      }
    }
    return out;
  }

  private static void checkInvariants(JobState s, java.util.function.Supplier<String> where) {
    int sum = 0;
    Map<TaskStatus, Integer> counted = new HashMap<>();
    List<Integer> pending = new ArrayList<>();
    Set<String> holders = new LinkedHashSet<>();
    for (int i = 0; i < s.size(); i++) {
      JobState.Task t = s.task(i);
      counted.merge(t.status(), 1, Integer::sum);
      if (t.status() == TaskStatus.PENDING) {
        pending.add(i);
      }
      if (t.status() == TaskStatus.RUNNING) {
        holders.add(t.worker());
      }
      assertEquals(t.failures, t.errors.size(), where);
      assertTrue(t.failures <= s.spec().maxFailures() + 1, where);
      assertEquals(t.status() == TaskStatus.FAILED, t.failures > s.spec().maxFailures(), where);
      assertEquals(t.status() == TaskStatus.COMPLETED, t.result() != null, where);
    }
    JobView view = s.view();
    for (TaskStatus st : TaskStatus.values()) {
      sum += s.count(st);
      assertEquals(counted.getOrDefault(st, 0), s.count(st), () -> where.get() + ": count of " + st);
      assertEquals(s.count(st), view.counts().get(st.name()), where);
    }
    assertEquals(s.size(), sum, () -> where.get() + ": counts sum to the task count");
    assertEquals(pending, s.pending(), where);
    assertEquals(holders, s.holders(), where);
    boolean unfinished = s.count(TaskStatus.PENDING) + s.count(TaskStatus.RUNNING) > 0;
    if (s.status() != JobStatus.CANCELLED) {
      assertEquals(unfinished, s.status() == JobStatus.RUNNING, where);
    }
    assertEquals(s.status() == JobStatus.RUNNING, view.finishedAt() == null, where);
  }

  private static void assertSameState(JobState expected, JobState actual) {
    assertEquals(expected.toSnapshot(), actual.toSnapshot());
    assertEquals(expected.view(), actual.view());
    assertEquals(expected.status(), actual.status());
    assertEquals(expected.counts(), actual.counts());
    assertEquals(expected.pending(), actual.pending());
    assertEquals(expected.holders(), actual.holders());
    assertEquals(expected.lastAssignedAt(), actual.lastAssignedAt());
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.taskView(i, null), actual.taskView(i, null), "task " + i);
      JobState.Task e = expected.task(i);
      JobState.Task a = actual.task(i);
      assertEquals(e.status(), a.status());
      assertEquals(e.worker(), a.worker());
      assertEquals(e.attempts(), a.attempts());
      assertEquals(e.assignedAt(), a.assignedAt());
      assertEquals(e.failures, a.failures);
      assertEquals(e.elapsedMs, a.elapsedMs);
      DataRef r = e.result();
      assertEquals(r, a.result());
    }
  }
}
