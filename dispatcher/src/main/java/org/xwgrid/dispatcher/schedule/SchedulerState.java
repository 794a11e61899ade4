package org.xwgrid.dispatcher.schedule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xwgrid.common.api.Capabilities;
import org.xwgrid.common.api.Requirements;

/**
 * The scheduler's memory, pure and rebuilt from the jobs after a restart: the ready queue of
 * each active job (served round-robin, matched on capabilities) and the liveness of each worker.
 * Times are passed in, so tests control them.
 */
public final class SchedulerState {

  /** A job's ready tasks, without duplicates. */
  static final class JobQueue {
    Requirements requirements;
    final ArrayDeque<Integer> queue = new ArrayDeque<>();
    final BitSet queued = new BitSet();

    void add(int task) {
      if (!queued.get(task)) {
        queued.set(task);
        queue.add(task);
      }
    }

    int poll() {
      int t = queue.poll();
      queued.clear(t);
      return t;
    }
  }

  /** What the scheduler knows of a worker between heartbeats. */
  public static final class WorkerLive {
    Capabilities capabilities;
    long lastSeen;
    boolean lost;
    int running;
    String activity;
    final Set<String> jobs = new LinkedHashSet<>();

    /** A volunteer's state as its last heartbeat told it, or null. */
    public String activity() {
      return activity;
    }

    public boolean lost() {
      return lost;
    }

    public long lastSeen() {
      return lastSeen;
    }

    public int running() {
      return running;
    }

    public Set<String> jobs() {
      return jobs;
    }
  }

  /** Tasks taken for a worker from one job. */
  public record Pick(String jobId, List<Integer> tasks) {}

  private static final int RECENTLY_WITHDRAWN = 10_000;

  private final LinkedHashMap<String, JobQueue> jobs = new LinkedHashMap<>();
  private final Map<String, WorkerLive> workers = new HashMap<>();
  /** Jobs offered and not withdrawn: the only ones a heartbeat may wake. */
  private final Set<String> active = new java.util.HashSet<>();
  /** Jobs withdrawn lately, so that heartbeats still reach them and their replicas get aborted. */
  private final LinkedHashSet<String> withdrawn = new LinkedHashSet<>();

  /** Replaces the job's queue by {@code pending}; its holders become workers to watch. */
  public void offer(String jobId, Requirements req, List<Integer> pending, List<String> holders, long now) {
    JobQueue q = new JobQueue();
    q.requirements = req;
    pending.forEach(q::add);
    active.add(jobId);
    withdrawn.remove(jobId);
    jobs.remove(jobId);
    if (!q.queue.isEmpty()) {
      jobs.put(jobId, q);
    }
    for (String w : holders) {
      WorkerLive live = workers.computeIfAbsent(w, k -> newWorker(now));
      live.jobs.add(jobId);
    }
  }

  public void add(String jobId, Requirements req, List<Integer> tasks) {
    JobQueue q = jobs.computeIfAbsent(jobId, k -> new JobQueue());
    q.requirements = req;
    tasks.forEach(q::add);
    active.add(jobId);
  }

  /** The job is finished or cancelled: no more tasks from it, and workers no longer hold it. */
  public void withdraw(String jobId) {
    jobs.remove(jobId);
    active.remove(jobId);
    for (WorkerLive w : workers.values()) {
      w.jobs.remove(jobId);
    }
    withdrawn.remove(jobId);
    withdrawn.add(jobId);
    if (withdrawn.size() > RECENTLY_WITHDRAWN) {
      Iterator<String> oldest = withdrawn.iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /**
   * The jobs a heartbeat of this worker must reach: those it holds, and those it says it runs
   * when the scheduler knows them (active or withdrawn lately), never an arbitrary id.
   */
  public Set<String> jobsToReconcile(String workerId, List<String> runningJobs) {
    Set<String> out = new LinkedHashSet<>(jobsOf(workerId));
    for (String j : runningJobs) {
      if (active.contains(j) || withdrawn.contains(j)) {
        out.add(j);
      }
    }
    return out;
  }

  public int queuedTasks() {
    int n = 0;
    for (JobQueue q : jobs.values()) {
      n += q.queue.size();
    }
    return n;
  }

  public int queued(String jobId) {
    JobQueue q = jobs.get(jobId);
    return q == null ? 0 : q.queue.size();
  }

  /**
   * Takes up to {@code max} ready tasks of the first job (round-robin) whose requirements the
   * worker meets; that job moves to the back. Null when nothing matches.
   */
  public Pick take(String workerId, Capabilities caps, int max) {
    Iterator<Map.Entry<String, JobQueue>> it = jobs.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JobQueue> e = it.next();
      JobQueue q = e.getValue();
      if (q.queue.isEmpty()) {
        it.remove();
        continue;
      }
      if (!q.requirements.matches(caps)) {
        continue;
      }
      List<Integer> tasks = new ArrayList<>(Math.min(max, q.queue.size()));
      while (tasks.size() < max && !q.queue.isEmpty()) {
        tasks.add(q.poll());
      }
      it.remove();
      if (!q.queue.isEmpty()) {
        jobs.put(e.getKey(), q); // to the back: the next worker serves the next job
      }
      WorkerLive live = workers.get(workerId);
      if (live != null) {
        live.jobs.add(e.getKey());
      }
      return new Pick(e.getKey(), tasks);
    }
    return null;
  }

  /** A worker spoke; returns true when it had been declared lost (it is back now). */
  public boolean seen(String workerId, Capabilities caps, long now) {
    WorkerLive live = workers.computeIfAbsent(workerId, k -> newWorker(now));
    if (caps != null) {
      live.capabilities = caps;
    }
    live.lastSeen = now;
    boolean wasLost = live.lost;
    live.lost = false;
    return wasLost;
  }

  public void running(String workerId, int running, List<String> runningJobs, String activity) {
    WorkerLive live = workers.get(workerId);
    if (live != null) {
      live.running = running;
      live.activity = activity;
      for (String j : runningJobs) {
        if (active.contains(j)) {
          live.jobs.add(j);
        }
      }
    }
  }

  /** Jobs that may hold replicas of this worker. */
  public Set<String> jobsOf(String workerId) {
    WorkerLive live = workers.get(workerId);
    return live == null ? Set.of() : Set.copyOf(live.jobs);
  }

  /**
   * Declares lost every worker silent for longer than {@code timeout}, and returns them with the
   * jobs to tell (which the worker then no longer holds).
   */
  public Map<String, Set<String>> expire(long now, long timeout) {
    Map<String, Set<String>> lost = new LinkedHashMap<>();
    for (Map.Entry<String, WorkerLive> e : workers.entrySet()) {
      WorkerLive w = e.getValue();
      if (!w.lost && now - w.lastSeen > timeout) {
        w.lost = true;
        w.running = 0;
        lost.put(e.getKey(), Set.copyOf(w.jobs));
        w.jobs.clear();
      }
    }
    return lost;
  }

  public Map<String, WorkerLive> workers() {
    return workers;
  }

  private static WorkerLive newWorker(long now) {
    WorkerLive w = new WorkerLive();
    w.lastSeen = now;
    return w;
  }
}
