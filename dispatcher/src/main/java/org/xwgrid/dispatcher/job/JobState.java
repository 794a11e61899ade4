package org.xwgrid.dispatcher.job;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xwgrid.common.CborSerializable;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.TaskView;
import org.xwgrid.common.api.DataRef;

/**
 * The state of one job: its spec and every task's status, attempts and result. Pure: no I/O, no
 * clock; changed only by {@link #apply}. Mutable in place for speed (a job may have a million
 * tasks), so it is only touched by its entity, and snapshots are taken as an immutable
 * {@link Snapshot} copy.
 */
public final class JobState {

  public enum TaskStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED;

    boolean terminal() {
      return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
  }

  public enum JobStatus {
    RUNNING,
    COMPLETED,
    FAILED,
    CANCELLED
  }

  /** One task: its status, who ran each attempt, failures and result. */
  public static final class Task {
    TaskStatus status = TaskStatus.PENDING;
    /** Worker of attempt i+1 at index i; the last one is the current replica when RUNNING. */
    List<String> attemptWorkers = List.of();
    long assignedAt;
    int failures;
    List<String> errors = List.of();
    DataRef result;
    String resultDigest;
    long elapsedMs;

    public TaskStatus status() {
      return status;
    }

    public int attempts() {
      return attemptWorkers.size();
    }

    /** The worker of the current attempt when RUNNING, else null. */
    public String worker() {
      return status == TaskStatus.RUNNING ? attemptWorkers.get(attemptWorkers.size() - 1) : null;
    }

    public long assignedAt() {
      return assignedAt;
    }

    public String workerOfAttempt(int attempt) {
      return attempt >= 1 && attempt <= attemptWorkers.size() ? attemptWorkers.get(attempt - 1) : null;
    }

    public DataRef result() {
      return result;
    }
  }

  // ---- events -----------------------------------------------------------------------------

  public sealed interface Event extends CborSerializable {}

  public record JobSubmitted(JobSpec spec) implements Event {}

  public record ReplicasAssigned(String workerId, List<Integer> tasks, long at) implements Event {}

  public record TaskResult(int task, int attempt, DataRef result, String digest, long elapsedMs)
      implements CborSerializable {}

  public record TasksCompleted(String workerId, List<TaskResult> results, long at) implements Event {}

  public record ReplicaFailure(int task, int attempt, String reason) implements CborSerializable {}

  /** Failed, lost or overdue replicas of current attempts: requeued, or FAILED past maxFailures. */
  public record ReplicasFailed(String workerId, List<ReplicaFailure> failures, long at)
      implements Event {}

  public record JobCancelled(String by, long at) implements Event {}

  // ---- state ------------------------------------------------------------------------------

  private JobSpec spec;
  private Task[] tasks = new Task[0];
  private final int[] counts = new int[TaskStatus.values().length];
  /** Transient index of RUNNING tasks by the worker of their current replica (rebuilt, not stored). */
  private final Map<String, Set<Integer>> runningByWorker = new java.util.HashMap<>();
  private boolean cancelled;
  private long finishedAt;
  private long lastAssignedAt;

  public static JobState empty() {
    return new JobState();
  }

  public boolean exists() {
    return spec != null;
  }

  public JobSpec spec() {
    return spec;
  }

  public Task task(int index) {
    return tasks[index];
  }

  public int size() {
    return tasks.length;
  }

  public int count(TaskStatus s) {
    return counts[s.ordinal()];
  }

  public long lastAssignedAt() {
    return lastAssignedAt;
  }

  public JobStatus status() {
    if (cancelled) {
      return JobStatus.CANCELLED;
    }
    if (count(TaskStatus.PENDING) + count(TaskStatus.RUNNING) > 0) {
      return JobStatus.RUNNING;
    }
    return count(TaskStatus.FAILED) > 0 ? JobStatus.FAILED : JobStatus.COMPLETED;
  }

  public boolean active() {
    return exists() && status() == JobStatus.RUNNING;
  }

  public JobState apply(Event event) {
    if (event instanceof JobSubmitted e) {
      spec = e.spec();
      tasks = new Task[spec.tasks()];
      for (int i = 0; i < tasks.length; i++) {
        tasks[i] = new Task();
      }
      counts[TaskStatus.PENDING.ordinal()] = tasks.length;
    } else if (event instanceof ReplicasAssigned e) {
      for (int i : e.tasks()) {
        Task t = tasks[i];
        if (t.status != TaskStatus.PENDING) {
          continue; // never happens by the entity's rules; guards the counts all the same
        }
        t.attemptWorkers = append(t.attemptWorkers, e.workerId());
        t.assignedAt = e.at();
        move(i, TaskStatus.RUNNING);
      }
      lastAssignedAt = e.at();
    } else if (event instanceof TasksCompleted e) {
      for (TaskResult r : e.results()) {
        Task t = tasks[r.task()];
        if (t.status.terminal()) {
          continue; // a task is completed once, whatever else happens
        }
        t.result = r.result();
        t.resultDigest = r.digest();
        t.elapsedMs = r.elapsedMs();
        move(r.task(), TaskStatus.COMPLETED);
      }
      finishIfDone(e.at());
    } else if (event instanceof ReplicasFailed e) {
      for (ReplicaFailure f : e.failures()) {
        Task t = tasks[f.task()];
        if (t.status != TaskStatus.RUNNING || f.attempt() != t.attempts()) {
          continue; // only the current replica of a running task can fail it
        }
        t.failures++;
        t.errors = append(t.errors, "attempt " + f.attempt() + " on " + t.workerOfAttempt(f.attempt()) + ": " + f.reason());
        move(f.task(), t.failures > spec.maxFailures() ? TaskStatus.FAILED : TaskStatus.PENDING);
      }
      finishIfDone(e.at());
    } else if (event instanceof JobCancelled e) {
      for (int i = 0; i < tasks.length; i++) {
        if (!tasks[i].status.terminal()) {
          move(i, TaskStatus.CANCELLED);
        }
      }
      cancelled = true;
      finishedAt = e.at();
    } else {
      throw new IllegalStateException("unknown event " + event);
    }
    return this;
  }

  private void move(int i, TaskStatus to) {
    Task t = tasks[i];
    if (t.status == TaskStatus.RUNNING) {
      Set<Integer> mine = runningByWorker.get(t.worker());
      mine.remove(i);
      if (mine.isEmpty()) {
        runningByWorker.remove(t.worker());
      }
    }
    counts[t.status.ordinal()]--;
    counts[to.ordinal()]++;
    t.status = to;
    if (to == TaskStatus.RUNNING) {
      runningByWorker.computeIfAbsent(t.worker(), w -> new java.util.HashSet<>()).add(i);
    }
  }

  private void finishIfDone(long at) {
    if (finishedAt == 0 && status() != JobStatus.RUNNING) {
      finishedAt = at;
    }
  }

  private static <T> List<T> append(List<T> list, T item) {
    List<T> out = new ArrayList<>(list.size() + 1);
    out.addAll(list);
    out.add(item);
    return out;
  }

  // ---- queries ----------------------------------------------------------------------------

  /** Indexes of PENDING tasks, in order. */
  public List<Integer> pending() {
    List<Integer> out = new ArrayList<>(count(TaskStatus.PENDING));
    for (int i = 0; i < tasks.length; i++) {
      if (tasks[i].status == TaskStatus.PENDING) {
        out.add(i);
      }
    }
    return out;
  }

  /** Workers holding a RUNNING replica. */
  public Set<String> holders() {
    return new LinkedHashSet<>(runningByWorker.keySet());
  }

  /** Indexes of the RUNNING tasks whose current replica is on this worker. */
  public List<Integer> runningOn(String workerId) {
    Set<Integer> mine = runningByWorker.get(workerId);
    return mine == null ? List.of() : List.copyOf(mine);
  }

  /** Indexes of every RUNNING task. */
  public List<Integer> running() {
    List<Integer> out = new ArrayList<>(count(TaskStatus.RUNNING));
    runningByWorker.values().forEach(out::addAll);
    return out;
  }

  public JobView view() {
    Map<String, Integer> c = new LinkedHashMap<>();
    for (TaskStatus s : TaskStatus.values()) {
      c.put(s.name(), count(s));
    }
    return new JobView(
        spec.id(), spec.name(), spec.owner(), spec.app().name(), status().name(), tasks.length, c,
        spec.submittedAt(), finishedAt == 0 ? null : Instant.ofEpochMilli(finishedAt));
  }

  /** Task {@code i} as users see it; {@code phase} is the worker's last report of it, if any. */
  public TaskView taskView(int i, String phase) {
    Task t = tasks[i];
    return new TaskView(
        i, t.status.name(), t.attempts(), t.status == TaskStatus.RUNNING ? t.worker() : lastWorker(t),
        spec.argsOf(i), t.result, t.resultDigest, t.errors, t.status == TaskStatus.RUNNING ? phase : null);
  }

  private static String lastWorker(Task t) {
    return t.attemptWorkers.isEmpty() ? null : t.attemptWorkers.get(t.attemptWorkers.size() - 1);
  }

  // ---- snapshots --------------------------------------------------------------------------

  public record TaskSnapshot(
      TaskStatus status,
      List<String> attemptWorkers,
      long assignedAt,
      int failures,
      List<String> errors,
      DataRef result,
      String resultDigest,
      long elapsedMs)
      implements CborSerializable {}

  public record Snapshot(
      JobSpec spec, List<TaskSnapshot> tasks, boolean cancelled, long finishedAt, long lastAssignedAt)
      implements CborSerializable {}

  public Snapshot toSnapshot() {
    List<TaskSnapshot> ts = new ArrayList<>(tasks.length);
    for (Task t : tasks) {
      ts.add(new TaskSnapshot(t.status, t.attemptWorkers, t.assignedAt, t.failures, t.errors, t.result, t.resultDigest, t.elapsedMs));
    }
    return new Snapshot(spec, ts, cancelled, finishedAt, lastAssignedAt);
  }

  public static JobState fromSnapshot(Snapshot s) {
    JobState st = new JobState();
    if (s.spec() == null) {
      return st;
    }
    st.spec = s.spec();
    st.tasks = new Task[s.tasks().size()];
    Arrays.fill(st.counts, 0);
    for (int i = 0; i < st.tasks.length; i++) {
      TaskSnapshot ts = s.tasks().get(i);
      Task t = new Task();
      t.status = ts.status();
      t.attemptWorkers = ts.attemptWorkers() == null ? List.of() : ts.attemptWorkers();
      t.assignedAt = ts.assignedAt();
      t.failures = ts.failures();
      t.errors = ts.errors() == null ? List.of() : ts.errors();
      t.result = ts.result();
      t.resultDigest = ts.resultDigest();
      t.elapsedMs = ts.elapsedMs();
      st.tasks[i] = t;
      st.counts[t.status.ordinal()]++;
      if (t.status == TaskStatus.RUNNING) {
        st.runningByWorker.computeIfAbsent(t.worker(), w -> new java.util.HashSet<>()).add(i);
      }
    }
    st.cancelled = s.cancelled();
    st.finishedAt = s.finishedAt();
    st.lastAssignedAt = s.lastAssignedAt();
    return st;
  }

  /** Per-status counts, for tests and logs. */
  public Map<TaskStatus, Integer> counts() {
    Map<TaskStatus, Integer> m = new EnumMap<>(TaskStatus.class);
    for (TaskStatus s : TaskStatus.values()) {
      m.put(s, count(s));
    }
    return m;
  }
}
