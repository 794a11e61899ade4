package org.xwgrid.worker.task;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.worker.exec.Execution;

/** One replica on its way through {@link TaskRunner}: its end, and a way to abort it. */
public final class TaskHandle {
  private final ReplicaRef replica;
  private final CompletableFuture<FinishedTask> done = new CompletableFuture<>();
  private final long startNanos = System.nanoTime();
  private Execution process;
  private boolean aborted;

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

  /** Kills the process if it runs, or keeps it from starting. Does not block. */
  public void abort() {
    Execution p;
    synchronized (this) {
      aborted = true;
      p = process;
    }
    if (p != null) {
      p.abort();
    }
  }

  public synchronized boolean aborted() {
    return aborted;
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
