package org.xwgrid.worker.exec;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs task processes, one per {@link ExecSpec}, through a {@link Sandbox}. Launching happens on
 * the {@code launcher} pool and the wait on {@link Process#onExit()}, so callers (actors) never
 * block; timeouts are scheduled on {@code timer} and kill the whole process tree. Thread-safe.
 */
public final class NativeExecutor {
  private final Sandbox sandbox;
  private final Executor launcher;
  private final ScheduledExecutorService timer;
  private final int stderrTailBytes;

  private NativeExecutor(
      Sandbox sandbox, Executor launcher, ScheduledExecutorService timer, int stderrTailBytes) {
    this.sandbox = sandbox;
    this.launcher = launcher;
    this.timer = timer;
    this.stderrTailBytes = stderrTailBytes;
  }

  public static NativeExecutor create(
      Sandbox sandbox, Executor launcher, ScheduledExecutorService timer, int stderrTailBytes) {
    return new NativeExecutor(sandbox, launcher, timer, stderrTailBytes);
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  /** Starts {@code spec} soon (on the launcher pool) and returns its handle at once. */
  public RunningProcess start(ExecSpec spec) {
    RunningProcess p = new RunningProcess(spec, sandbox, launcher, timer, stderrTailBytes);
    try {
      launcher.execute(p::launch);
    } catch (RejectedExecutionException e) {
      p.failToStart("worker is stopping");
    }
    return p;
  }
}
