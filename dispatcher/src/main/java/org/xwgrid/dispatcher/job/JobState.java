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
import org.xwgrid.common.api.ClientApi.PocoView;
import org.xwgrid.common.api.ClientApi.ReplicaView;
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
    Long cpuMs;
    Long peakMemoryBytes;
    /** A certified task's Proof-of-Contribution, created at its first replica. */
    ReplicatedTask poco;
    /** A certified task's credits and scores are settled (after it finished). */
    boolean settled;

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

    /** The certified task's Proof-of-Contribution state, or null (uncertified, or no replica yet). */
    public ReplicatedTask poco() {
      return poco;
    }

    public boolean settled() {
      return settled;
    }

    public List<String> errors() {
      return errors;
    }

    /** The attempt (replica number) of this worker's latest replica, or 0. */
    public int attemptOf(String workerId) {
      return attemptWorkers.lastIndexOf(workerId) + 1;
    }
  }

  // ---- events -----------------------------------------------------------------------------

  public sealed interface Event extends CborSerializable {}

  public record JobSubmitted(JobSpec spec) implements Event {}

  /**
   * Replicas of {@code tasks} go to the worker. For a certified job, {@code address} is the worker's
   * and {@code weight} its weight when assigned (it counts while the replica is pending).
   */
  public record ReplicasAssigned(String workerId, List<Integer> tasks, long at, String address, long weight)
      implements Event {
    public ReplicasAssigned(String workerId, List<Integer> tasks, long at) {
      this(workerId, tasks, at, null, 0);
    }
  }

  /** {@code cpuMs}, {@code peakMemoryBytes}: what the replica used, if its worker measured it. */
  public record TaskResult(int task, int attempt, DataRef result, String digest, long elapsedMs, Long cpuMs, Long peakMemoryBytes)
      implements CborSerializable {
    public TaskResult(int task, int attempt, DataRef result, String digest, long elapsedMs) {
      this(task, attempt, result, digest, elapsedMs, null, null);
    }
  }

  public record TasksCompleted(String workerId, List<TaskResult> results, long at) implements Event {}

  /**
   * {@code withdrawn}: the worker gave the replica back (its owner came back, its disk is full):
   * the task runs again elsewhere and the replica does not count as one of its failures.
   */
  public record ReplicaFailure(int task, int attempt, String reason, boolean withdrawn) implements CborSerializable {
    public ReplicaFailure(int task, int attempt, String reason) {
      this(task, attempt, reason, false);
    }
  }

  /** Failed, lost or overdue replicas of current attempts: requeued, or FAILED past maxFailures. */
  public record ReplicasFailed(String workerId, List<ReplicaFailure> failures, long at)
      implements Event {}

  public record JobCancelled(String by, long at) implements Event {}

  // certified jobs (Proof-of-Contribution)

  /** The requester's price for every task is locked in the ledger: the job may start. */
  public record JobFunded(long at) implements Event {}

  /** The ledger refused to lock the requester's price: the job ends before it started. */
  public record PaymentRefused(String reason, long at) implements Event {}

  /** ({@code sign}: the worker's relay signature, for a task of an on-chain deal.) */
  public record Contribution(int task, int attempt, String resultHash, String resultSeal, long weight, String sign)
      implements CborSerializable {
    public Contribution(int task, int attempt, String resultHash, String resultSeal, long weight) {
      this(task, attempt, resultHash, resultSeal, weight, null);
    }
  }

  /** Commitments of certified replicas (their stakes are locked); a task may reach consensus. */
  /** {@code account}: the ledger account whose stake each contribution locked (the worker owner's). */
  public record Contributed(String workerId, List<Contribution> contributions, long at, String account)
      implements Event {}

  public record RevealEntry(int task, int attempt, String digest, String sign) implements CborSerializable {
    public RevealEntry(int task, int attempt, String digest) {
      this(task, attempt, digest, null);
    }
  }

  /** Valid reveals of the winning group. */
  public record Revealed(String workerId, List<RevealEntry> reveals, long at) implements Event {}

  /** A reveal that does not reproduce the worker's commitment: its contribution is rejected. */
  public record RevealRejected(String workerId, int task, int attempt, String reason, long at) implements Event {}

  /** This revealer is asked to upload the result (a later choice replaces an earlier one). */
  public record UploaderChosen(int task, String workerId, long at) implements Event {}

  /** The chosen revealer uploaded the result: the task is finalized. */
  public record ResultUploaded(String workerId, int task, DataRef result, long at) implements Event {}

  /** Nobody of the winning group revealed in time: the group is rejected, the task open again. */
  public record TaskReopened(int task, long at) implements Event {}

  /** The final deadline passed (or no replica can run it any more): the task failed. */
  public record TaskFailed(int task, String reason, long at) implements Event {}

  /** The finished task's credits moved and its contributors' scores changed. */
  public record TaskSettled(int task, long at) implements Event {}

  /**
   * The oracle read the task of a deal on the hub: its status there, its consensus value (null
   * before one), the addresses whose contributions the hub holds ({@link
   * ReplicatedTask#observeChain}).
   */
  public record ChainObserved(int task, String status, String consensus, List<String> contributed, long at)
      implements Event {}

  // ---- state ------------------------------------------------------------------------------

  private JobSpec spec;
  private Task[] tasks = new Task[0];
  private final int[] counts = new int[TaskStatus.values().length];
  /** Transient index of RUNNING tasks by the worker of their current replica (rebuilt, not stored). */
  private final Map<String, Set<Integer>> runningByWorker = new java.util.HashMap<>();
  private boolean cancelled;
  private boolean funded;
  /** The ledger account of each contributing worker (its owner's), for settlement. */
  private final Map<String, String> accounts = new java.util.HashMap<>();
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

  /** The requester's price is locked (or there is none): the job's tasks may be handed out. */
  public boolean funded() {
    return funded;
  }

  /** Active and funded: its tasks may be handed out. */
  public boolean schedulable() {
    return active() && funded;
  }

  public JobState apply(Event event) {
    if (event instanceof JobSubmitted e) {
      spec = e.spec();
      tasks = new Task[spec.tasks()];
      for (int i = 0; i < tasks.length; i++) {
        tasks[i] = new Task();
      }
      counts[TaskStatus.PENDING.ordinal()] = tasks.length;
      funded = !spec.isCertified() || spec.price() == 0;
    } else if (event instanceof ReplicasAssigned e) {
      for (int i : e.tasks()) {
        Task t = tasks[i];
        if (spec.isCertified()) {
          assignCertified(i, e);
          continue;
        }
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
        if (t.status.terminal() || spec.isCertified()) {
          continue; // a task is completed once, whatever else happens; a certified one by upload
        }
        t.result = r.result();
        t.resultDigest = r.digest();
        t.elapsedMs = r.elapsedMs();
        t.cpuMs = r.cpuMs();
        t.peakMemoryBytes = r.peakMemoryBytes();
        move(r.task(), TaskStatus.COMPLETED);
      }
      finishIfDone(e.at());
    } else if (event instanceof ReplicasFailed e) {
      for (ReplicaFailure f : e.failures()) {
        if (spec.isCertified()) {
          failCertified(f);
          continue;
        }
        Task t = tasks[f.task()];
        if (t.status != TaskStatus.RUNNING || f.attempt() != t.attempts()) {
          continue; // only the current replica of a running task can fail it
        }
        if (!f.withdrawn()) {
          t.failures++;
        }
        t.errors = append(t.errors, "attempt " + f.attempt() + " on " + t.workerOfAttempt(f.attempt()) + ": "
            + (f.withdrawn() ? "withdrawn: " : "") + f.reason());
        move(f.task(), t.failures > spec.maxFailures() ? TaskStatus.FAILED : TaskStatus.PENDING);
      }
      finishIfDone(e.at());
    } else if (event instanceof JobCancelled e) {
      for (int i = 0; i < tasks.length; i++) {
        if (!tasks[i].status.terminal()) {
          move(i, TaskStatus.CANCELLED);
          refresh(i);
        }
      }
      cancelled = true;
      finishedAt = e.at();
    } else if (event instanceof JobFunded) {
      funded = true;
    } else if (event instanceof PaymentRefused e) {
      apply(new JobCancelled("the ledger: " + e.reason(), e.at()));
      for (Task t : tasks) {
        t.settled = true; // nothing was locked, nothing to settle
      }
    } else if (event instanceof Contributed e) {
      accounts.put(e.workerId(), e.account());
      for (Contribution c : e.contributions()) {
        ReplicatedTask p = tasks[c.task()].poco;
        if (p != null && p.contributionRefusal(e.workerId(), e.at()) == null) {
          p.contribute(e.workerId(), c.resultHash(), c.resultSeal(), c.weight(), e.at(), c.sign());
          refresh(c.task());
        }
      }
    } else if (event instanceof Revealed e) {
      for (RevealEntry r : e.reveals()) {
        ReplicatedTask p = tasks[r.task()].poco;
        if (p != null && p.validReveal(e.workerId(), r.digest())) {
          p.reveal(e.workerId(), r.digest(), r.sign());
        }
      }
    } else if (event instanceof RevealRejected e) {
      Task t = tasks[e.task()];
      if (t.poco != null) {
        t.poco.rejectReveal(e.workerId());
        t.errors = append(t.errors, "reveal by " + e.workerId() + " rejected: " + e.reason());
        refresh(e.task());
      }
    } else if (event instanceof UploaderChosen e) {
      ReplicatedTask p = tasks[e.task()].poco;
      if (p != null && p.phase() == ReplicatedTask.Phase.REVEALING && p.revealers().contains(e.workerId())) {
        p.chooseUploader(e.workerId(), e.at());
      }
    } else if (event instanceof ResultUploaded e) {
      Task t = tasks[e.task()];
      ReplicatedTask p = t.poco;
      if (p != null && p.phase() == ReplicatedTask.Phase.REVEALING && e.workerId().equals(p.uploader()) && !t.status.terminal()) {
        p.uploaded(e.workerId(), e.result());
        t.result = e.result();
        String d = p.replica(e.workerId()).digest();
        t.resultDigest = d.startsWith("0x") ? d.substring(2) : d; // as uncertified tasks show it
        refresh(e.task());
      }
      finishIfDone(e.at());
    } else if (event instanceof TaskReopened e) {
      Task t = tasks[e.task()];
      ReplicatedTask p = t.poco;
      if (p != null && p.phase() == ReplicatedTask.Phase.REVEALING && p.revealers().isEmpty()) {
        t.errors = append(t.errors, "nobody of the winning group revealed in time: group rejected, task reopened");
        p.reopen();
        refresh(e.task());
      }
    } else if (event instanceof TaskFailed e) {
      Task t = tasks[e.task()];
      if (!t.status.terminal()) {
        t.errors = append(t.errors, e.reason());
        if (t.poco != null) {
          t.poco.fail(e.reason());
          refresh(e.task());
        } else {
          move(e.task(), TaskStatus.FAILED);
        }
      }
      finishIfDone(e.at());
    } else if (event instanceof TaskSettled e) {
      tasks[e.task()].settled = true;
    } else if (event instanceof ChainObserved e) {
      Task t = tasks[e.task()];
      if (t.poco == null) {
        t.poco = new ReplicatedTask(spec.taskId(e.task()), spec.trust(), spec.periodMs(), true);
      }
      if (!t.status.terminal()) {
        boolean wasRevealing = t.poco.phase() == ReplicatedTask.Phase.REVEALING;
        t.poco.observeChain(e.status(), e.consensus(), e.contributed(), e.at());
        if (wasRevealing && t.poco.phase() == ReplicatedTask.Phase.OPEN) {
          t.errors = append(t.errors, "reopened on chain: nobody of the winning group revealed in time");
        }
        refresh(e.task());
      }
    } else {
      throw new IllegalStateException("unknown event " + event);
    }
    return this;
  }

  private void assignCertified(int i, ReplicasAssigned e) {
    Task t = tasks[i];
    if (t.status.terminal() || e.address() == null) {
      return;
    }
    if (t.poco == null) {
      t.poco = new ReplicatedTask(spec.taskId(i), spec.trust(), spec.periodMs(), spec.chain() != null);
    }
    ReplicatedTask.Replica before = t.poco.replica(e.workerId());
    boolean mayVote = before == null || (before.status() == ReplicatedTask.ReplicaStatus.FAILED && before.resultHash() == null);
    if (t.poco.phase() != ReplicatedTask.Phase.OPEN || !mayVote) {
      return;
    }
    t.poco.assign(e.workerId(), e.address(), Math.max(1, e.weight()), e.at());
    t.attemptWorkers = append(t.attemptWorkers, e.workerId());
    t.assignedAt = e.at();
    refresh(i);
  }

  private void failCertified(ReplicaFailure f) {
    Task t = tasks[f.task()];
    String w = t.workerOfAttempt(f.attempt());
    boolean latest = w != null && t.attemptOf(w) == f.attempt();
    ReplicatedTask.Replica r = !latest || t.poco == null ? null : t.poco.replica(w);
    if (r == null || r.status() != ReplicatedTask.ReplicaStatus.ASSIGNED || t.status.terminal()) {
      return; // only a replica still running can fail
    }
    t.poco.replicaFailed(w);
    if (!f.withdrawn()) {
      t.failures++;
    }
    t.errors = append(t.errors, "replica " + f.attempt() + " on " + w + ": " + (f.withdrawn() ? "withdrawn: " : "") + f.reason());
    if (t.failures > spec.maxFailures()) {
      t.poco.fail("more than " + spec.maxFailures() + " replicas failed");
    }
    refresh(f.task());
  }

  /**
   * A certified task's status follows its Proof-of-Contribution phase (a cancelled one stays
   * cancelled), and the index of running replicas follows its replicas still computing.
   */
  private void refresh(int i) {
    Task t = tasks[i];
    ReplicatedTask p = t.poco;
    if (p == null) {
      return;
    }
    TaskStatus to = t.status == TaskStatus.CANCELLED ? TaskStatus.CANCELLED : certifiedStatus(p);
    for (ReplicatedTask.Replica r : p.replicas()) {
      if (r.status() == ReplicatedTask.ReplicaStatus.ASSIGNED && !to.terminal()) {
        hold(r.worker(), i);
      } else {
        release(r.worker(), i);
      }
    }
    recount(t, to);
  }

  private static TaskStatus certifiedStatus(ReplicatedTask p) {
    switch (p.phase()) {
      case FINALIZED:
        return TaskStatus.COMPLETED;
      case FAILED:
        return TaskStatus.FAILED;
      case REVEALING:
        return TaskStatus.RUNNING;
      default:
        boolean busy =
            p.replicas().stream()
                .anyMatch(r -> r.status() == ReplicatedTask.ReplicaStatus.ASSIGNED || r.status() == ReplicatedTask.ReplicaStatus.CONTRIBUTED);
        return busy ? TaskStatus.RUNNING : TaskStatus.PENDING;
    }
  }

  private void move(int i, TaskStatus to) {
    Task t = tasks[i];
    boolean plain = t.poco == null;
    if (plain && t.status == TaskStatus.RUNNING) {
      release(t.worker(), i);
    }
    recount(t, to);
    if (plain && to == TaskStatus.RUNNING) {
      hold(t.worker(), i);
    }
  }

  private void recount(Task t, TaskStatus to) {
    counts[t.status.ordinal()]--;
    counts[to.ordinal()]++;
    t.status = to;
  }

  /** Indexes task {@code i} as running a replica on {@code worker}. */
  private void hold(String worker, int i) {
    runningByWorker.computeIfAbsent(worker, w -> new java.util.HashSet<>()).add(i);
  }

  private void release(String worker, int i) {
    Set<Integer> mine = runningByWorker.get(worker);
    if (mine != null) {
      mine.remove(i);
      if (mine.isEmpty()) {
        runningByWorker.remove(worker);
      }
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

  /**
   * The tasks that want a replica now: PENDING ones of an uncertified job; for a certified job,
   * the unfinished tasks whose optimistic prediction still needs more replicas.
   */
  public List<Integer> ready(long now) {
    if (!spec.isCertified()) {
      return pending();
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < tasks.length; i++) {
      Task t = tasks[i];
      if (!t.status.terminal() && (t.poco == null || wantsReplica(t.poco, now))) {
        out.add(i);
      }
    }
    return out;
  }

  /** Whether certified task {@code i} wants another replica now. */
  public boolean wantsReplica(int i, long now) {
    Task t = tasks[i];
    return !t.status.terminal() && (t.poco == null || wantsReplica(t.poco, now));
  }

  /** The ledger account whose stakes a contributing worker locked. */
  public String accountOf(String workerId) {
    return accounts.get(workerId);
  }

  private static boolean wantsReplica(ReplicatedTask p, long now) {
    return p.wantsReplica(now);
  }

  /** Whether this worker may get a replica of certified task {@code i} now. */
  public boolean canAssignCertified(int i, String workerId, long now) {
    Task t = tasks[i];
    return !t.status.terminal() && (t.poco == null || t.poco.canAssign(workerId, now));
  }

  /** Certified tasks that finished (or were cancelled) and whose credits and scores are not settled. */
  public List<Integer> unsettled() {
    List<Integer> out = new ArrayList<>();
    if (spec != null && spec.isCertified()) {
      for (int i = 0; i < tasks.length; i++) {
        if (tasks[i].status.terminal() && !tasks[i].settled) {
          out.add(i);
        }
      }
    }
    return out;
  }

  /** Indexes of certified tasks with replicas (unfinished ones), for deadlines. */
  public List<Integer> certifiedInProgress() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < tasks.length; i++) {
      if (tasks[i].poco != null && !tasks[i].status.terminal()) {
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
        spec.submittedAt(), finishedAt == 0 ? null : Instant.ofEpochMilli(finishedAt),
        spec.trust(), spec.category(), spec.price());
  }

  /** Task {@code i} as users see it; {@code phase} is the worker's last report of it, if any. */
  public TaskView taskView(int i, String phase) {
    Task t = tasks[i];
    if (spec.isCertified()) {
      String worker = t.poco != null && t.poco.uploader() != null ? t.poco.uploader() : lastWorker(t);
      return new TaskView(
          i, t.status.name(), t.attempts(), worker, spec.argsOf(i), t.result, t.resultDigest, t.errors, null, pocoView(i));
    }
    return new TaskView(
        i, t.status.name(), t.attempts(), t.status == TaskStatus.RUNNING ? t.worker() : lastWorker(t),
        spec.argsOf(i), t.result, t.resultDigest, t.errors, t.status == TaskStatus.RUNNING ? phase : null, null,
        t.cpuMs, t.peakMemoryBytes);
  }

  private PocoView pocoView(int i) {
    Task t = tasks[i];
    double threshold = 1.0 - 1.0 / spec.trust();
    if (t.poco == null) {
      return new PocoView(spec.taskId(i), ReplicatedTask.Phase.OPEN.name(), 0, threshold, null, null, null, List.of());
    }
    ReplicatedTask p = t.poco;
    String leader = p.vote().leader().orElse(null);
    List<ReplicaView> rs = new ArrayList<>();
    for (int a = 1; a <= t.attempts(); a++) {
      String w = t.workerOfAttempt(a);
      ReplicatedTask.Replica r = p.replica(w);
      if (t.attemptOf(w) != a) { // an earlier replica of that worker, failed without a vote
        rs.add(new ReplicaView(a, w, r.address(), ReplicatedTask.ReplicaStatus.FAILED.name(), null, 0));
      } else {
        rs.add(new ReplicaView(a, w, r.address(), r.status().name(), r.resultHash(), r.weight()));
      }
    }
    return new PocoView(
        p.taskId(), p.phase().name(), leader == null ? 0 : p.vote().credibility(leader), threshold, leader,
        p.consensusHash(), p.uploader(), rs);
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
      long elapsedMs,
      ReplicatedTask.Snapshot poco,
      boolean settled,
      Long cpuMs,
      Long peakMemoryBytes)
      implements CborSerializable {}

  public record Snapshot(
      JobSpec spec,
      List<TaskSnapshot> tasks,
      boolean cancelled,
      long finishedAt,
      long lastAssignedAt,
      Boolean funded,
      Map<String, String> accounts)
      implements CborSerializable {}

  public Snapshot toSnapshot() {
    List<TaskSnapshot> ts = new ArrayList<>(tasks.length);
    for (Task t : tasks) {
      ts.add(new TaskSnapshot(
          t.status, t.attemptWorkers, t.assignedAt, t.failures, t.errors, t.result, t.resultDigest, t.elapsedMs,
          t.poco == null ? null : t.poco.toSnapshot(), t.settled, t.cpuMs, t.peakMemoryBytes));
    }
    return new Snapshot(spec, ts, cancelled, finishedAt, lastAssignedAt, funded, Map.copyOf(accounts));
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
      t.cpuMs = ts.cpuMs();
      t.peakMemoryBytes = ts.peakMemoryBytes();
      t.poco = ts.poco() == null ? null : ReplicatedTask.fromSnapshot(ts.poco());
      t.settled = ts.settled();
      st.tasks[i] = t;
      st.counts[t.status.ordinal()]++;
      if (t.poco != null) {
        st.refresh(i);
      } else if (t.status == TaskStatus.RUNNING) {
        st.hold(t.worker(), i);
      }
    }
    st.cancelled = s.cancelled();
    st.finishedAt = s.finishedAt();
    st.lastAssignedAt = s.lastAssignedAt();
    st.funded = s.funded() == null || s.funded(); // snapshots before 0.2 had only uncertified jobs
    if (s.accounts() != null) {
      st.accounts.putAll(s.accounts());
    }
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
