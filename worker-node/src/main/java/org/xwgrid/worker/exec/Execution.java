package org.xwgrid.worker.exec;

import java.util.concurrent.CompletionStage;

/**
 * One task's run in an executor (a native process in its sandbox, or a container): started and
 * waited for by {@link #run()} on a pool thread, stopped by {@link #abort()}, frozen by {@link
 * #pause()} while a volunteer's owner uses the host. Thread-safe.
 */
public interface Execution {

  /** Starts the task and waits for its end on the calling (pool) thread, then completes {@link #outcome()}. */
  void run();

  /** Completes when the task has ended (never exceptionally). */
  CompletionStage<ExecOutcome> outcome();

  /** Kills the task (asynchronously); the outcome then says {@code aborted}. */
  void abort();

  /**
   * Freezes the running task (SIGSTOP of its processes, or {@code docker pause}); its timeout
   * does not run while it is frozen. False if it is not running or cannot be frozen.
   */
  boolean pause();

  /** Thaws a task frozen by {@link #pause()}; nothing if it is not frozen. */
  void resume();
}
