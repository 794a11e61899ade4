package org.xwgrid.worker.task;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.WorkerApi.Assignment;
import org.xwgrid.common.api.WorkerApi.StatusUpdate;
import org.xwgrid.worker.net.WorkerCredentials;

/**
 * The worker's execution slots and the queue in front of them. A busy slot is a loop on a thread
 * of the runner's pool: it runs a replica to its end ({@link TaskRunner#run}), hands the result
 * to {@code onFinished}, and goes straight on with the next queued replica, so that starting the
 * next task costs no hand-off to another thread (the session actor is told, but is not on that
 * path). An idle slot gives its thread back. Thread-safe; nothing here blocks its caller.
 */
public final class Slots {

  /** A replica that has stopped, with its wall time in its slot. */
  public record Finished(FinishedTask task, long elapsedNanos) {}

  /** What {@link #abort} did. */
  public enum Abort {
    DROPPED_FROM_QUEUE,
    KILLING,
    UNKNOWN
  }

  private record Job(Assignment assignment, WorkerCredentials credentials) {}

  private final int size;
  private final TaskRunner runner;
  private final Consumer<StatusUpdate> status;
  private final Consumer<Finished> onFinished;
  private final Object lock = new Object();
  private final ArrayDeque<Job> queue = new ArrayDeque<>();
  private final Map<ReplicaRef, TaskHandle> running = new LinkedHashMap<>();
  private boolean closed;
  /** Running replicas are frozen, and new ones start frozen, until {@link #resumeAll()}. */
  private boolean paused;
  /** Replicas finished whose {@link Finished} the consumer has not {@link #seen} yet. */
  private int unseen;

  private Slots(
      int size, TaskRunner runner, Consumer<StatusUpdate> status, Consumer<Finished> onFinished) {
    this.size = size;
    this.runner = runner;
    this.status = status;
    this.onFinished = onFinished;
  }

  /** {@code onFinished} is called on a pool thread, once per submitted replica that started. */
  public static Slots create(
      int size, TaskRunner runner, Consumer<StatusUpdate> status, Consumer<Finished> onFinished) {
    if (size < 1) {
      throw new IllegalArgumentException("at least one slot");
    }
    return new Slots(size, runner, status, onFinished);
  }

  /** Runs or queues an assignment; false if it is already here or the slots are closed. */
  public boolean submit(Assignment a, WorkerCredentials credentials) {
    Job job = new Job(a, credentials);
    TaskHandle start = null;
    synchronized (lock) {
      if (closed || running.containsKey(a.replica()) || queued(a.replica())) {
        return false;
      }
      if (running.size() < size) {
        start = newHandle(a.replica());
        running.put(a.replica(), start);
      } else {
        queue.add(job);
      }
    }
    if (start != null) {
      TaskHandle h = start;
      try {
        runner.executor().execute(() -> loop(h, job));
      } catch (RejectedExecutionException e) {
        synchronized (lock) {
          running.remove(a.replica());
          unseen++;
        }
        onFinished.accept(new Finished(new FinishedTask(a.replica(), null, null), 0));
      }
    }
    return true;
  }

  private void loop(TaskHandle first, Job firstJob) {
    TaskHandle h = first;
    Job job = firstJob;
    while (h != null) {
      FinishedTask f = runner.run(h, job.assignment(), job.credentials(), status);
      long elapsed = System.nanoTime() - h.startNanos();
      TaskHandle next = null;
      Job nextJob = null;
      synchronized (lock) {
        running.remove(h.replica());
        unseen++;
        if (!closed && !queue.isEmpty()) {
          nextJob = queue.poll();
          next = newHandle(nextJob.assignment().replica());
          running.put(next.replica(), next);
        }
      }
      onFinished.accept(new Finished(f, elapsed));
      h = next;
      job = nextJob;
    }
  }

  /** Under the lock. */
  private TaskHandle newHandle(ReplicaRef r) {
    TaskHandle h = new TaskHandle(r);
    if (paused) {
      h.pause();
    }
    return h;
  }

  /**
   * Freezes every running replica and keeps new ones from starting until {@link #resumeAll()};
   * returns how many are frozen. Calling it again freezes those that could not be frozen before.
   * May block briefly (a container engine's answer): call it on a pool thread, not an actor's.
   */
  public int pauseAll() {
    List<TaskHandle> handles;
    synchronized (lock) {
      paused = true;
      handles = new ArrayList<>(running.values());
    }
    int frozen = 0;
    for (TaskHandle h : handles) {
      if (h.pause()) {
        frozen++;
      }
    }
    return frozen;
  }

  /** Thaws what {@link #pauseAll()} froze; may block briefly, like it. */
  public void resumeAll() {
    List<TaskHandle> handles;
    synchronized (lock) {
      paused = false;
      handles = new ArrayList<>(running.values());
    }
    handles.forEach(TaskHandle::resume);
  }

  public boolean paused() {
    synchronized (lock) {
      return paused;
    }
  }

  /**
   * Gives every replica back: running ones are stopped and end as withdrawn for {@code reason}
   * (through onFinished); queued ones, which never started, are dropped and returned, for the
   * caller to report as withdrawn.
   */
  public List<ReplicaRef> withdrawAll(String reason) {
    List<TaskHandle> handles;
    List<ReplicaRef> dropped = new ArrayList<>();
    synchronized (lock) {
      handles = new ArrayList<>(running.values());
      for (Job j : queue) {
        dropped.add(j.assignment().replica());
      }
      queue.clear();
    }
    for (TaskHandle h : handles) {
      h.withdraw(reason);
    }
    return dropped;
  }

  private boolean queued(ReplicaRef r) {
    for (Job j : queue) {
      if (j.assignment().replica().equals(r)) {
        return true;
      }
    }
    return false;
  }

  /** Replicas running or queued. */
  public int outstanding() {
    synchronized (lock) {
      return running.size() + queue.size();
    }
  }

  public int running() {
    synchronized (lock) {
      return running.size();
    }
  }

  /** The consumer of {@code onFinished} has handled one {@link Finished}. */
  public void seen() {
    synchronized (lock) {
      unseen--;
    }
  }

  /** Running replicas plus finished ones not {@link #seen} yet: zero when all is settled. */
  public int busy() {
    synchronized (lock) {
      return running.size() + unseen;
    }
  }

  /** Running then queued replicas, for heartbeats. */
  public List<ReplicaRef> replicas() {
    synchronized (lock) {
      List<ReplicaRef> refs = new ArrayList<>(running.keySet());
      for (Job j : queue) {
        refs.add(j.assignment().replica());
      }
      return refs;
    }
  }

  /** Drops a queued replica, or kills a running one (its end then comes through onFinished). */
  public Abort abort(ReplicaRef r) {
    TaskHandle h;
    synchronized (lock) {
      if (queue.removeIf(j -> j.assignment().replica().equals(r))) {
        return Abort.DROPPED_FROM_QUEUE;
      }
      h = running.get(r);
    }
    if (h == null) {
      return Abort.UNKNOWN;
    }
    h.abort();
    return Abort.KILLING;
  }

  /** No more replicas start; returns those that were queued (never started). */
  public List<ReplicaRef> close() {
    synchronized (lock) {
      closed = true;
      List<ReplicaRef> dropped = new ArrayList<>();
      for (Job j : queue) {
        dropped.add(j.assignment().replica());
      }
      queue.clear();
      return dropped;
    }
  }

  /** Kills every running replica; returns them. */
  public List<ReplicaRef> abortRunning() {
    List<TaskHandle> handles;
    synchronized (lock) {
      handles = new ArrayList<>(running.values());
    }
    List<ReplicaRef> refs = new ArrayList<>();
    for (TaskHandle h : handles) {
      h.abort();
      refs.add(h.replica());
    }
    return refs;
  }
}
