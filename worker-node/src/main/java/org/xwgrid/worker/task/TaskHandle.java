package org.xwgrid.worker.task;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.worker.exec.Execution;

/**
 * One replica on its way through {@link TaskRunner}: its end, and ways to abort, pause, resume or
 * withdraw it (a withdrawn replica is stopped and reported as given back, so that it runs
 * elsewhere).
 */
public final class TaskHandle {
  private final ReplicaRef replica;
  private final CompletableFuture<FinishedTask> done = new CompletableFuture<>();
  private final long startNanos = System.nanoTime();
  private Execution process;
  private boolean aborted;
  private boolean paused;
  /** The execution is frozen (its pause() succeeded and it was not resumed since). */
  private boolean frozen;
  private String withdrawn;

  public TaskHandle(ReplicaRef replica) {
    this.replica = replica;
  }

  public ReplicaRef replica() {
    return replica;
  }

  /** {@link System#nanoTime()} when the replica was started. */
  public long startNanos() {
    return startNanos;
  }

  /** Completes (never exceptionally) with the report to send, or an aborted FinishedTask. */
  public CompletionStage<FinishedTask> done() {
    return done;
  }

  /** Kills the process if it runs (frozen or not), or keeps it from starting. Does not block. */
  public void abort() {
    Execution p;
    synchronized (this) {
      aborted = true;
      p = process;
      frozen = false;
      notifyAll();
    }
    if (p != null) {
      p.abort(); // executions kill frozen tasks too, without blocking
    }
  }

  /** Stops the replica like {@link #abort()}, but its end is reported as withdrawn for {@code reason}. */
  public void withdraw(String reason) {
    synchronized (this) {
      if (withdrawn == null && !aborted) {
        withdrawn = reason;
      }
    }
    abort();
  }

  /** Why the replica was withdrawn, or null. */
  public synchronized String withdrawnReason() {
    return withdrawn;
  }

  /**
   * Freezes the running task (may block briefly: call it on a pool thread); true if it is frozen now. A replica not started yet waits for
   * {@link #resume()} before it starts (see {@link #awaitResume()}).
   */
  public boolean pause() {
    Execution p;
    synchronized (this) {
      if (aborted) {
        return false;
      }
      paused = true;
      if (frozen || process == null) {
        return true;
      }
      p = process;
    }
    boolean ok = p.pause();
    synchronized (this) {
      frozen = ok && paused;
    }
    return ok;
  }

  /** Thaws the task (or lets a replica paused before its start go on); may block briefly, like {@link #pause()}. */
  public void resume() {
    Execution p;
    synchronized (this) {
      paused = false;
      p = frozen ? process : null;
      frozen = false;
      notifyAll();
    }
    if (p != null) {
      p.resume();
    }
  }

  public synchronized boolean aborted() {
    return aborted;
  }

  /** Blocks the (pool) thread while the replica is paused before its start; false if aborted meanwhile. */
  synchronized boolean awaitResume() {
    while (paused && !aborted) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return !aborted;
  }

  /** False (and the process is aborted) if the task was aborted before the process started. */
  boolean attach(Execution p) {
    synchronized (this) {
      if (!aborted) {
        process = p;
        return true;
      }
    }
    p.abort();
    return false;
  }

  CompletableFuture<FinishedTask> completion() {
    return done;
  }
}
