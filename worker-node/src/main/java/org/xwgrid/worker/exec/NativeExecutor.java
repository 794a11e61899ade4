package org.xwgrid.worker.exec;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Runs task processes, one per {@link ExecSpec}, through a {@link Sandbox}, on a dedicated pool:
 * a pool thread forks the process and waits for it, so callers (actors) never block. Timeouts,
 * aborts, pauses and resumes act on the whole task (its cgroup, else its process tree) from the
 * {@code timer} thread.
 *
 * <p>Why {@code waitFor} on the pool thread and not {@link Process#onExit()}: in JDK 17 {@code
 * onExit()} completes through {@code handleAsync} on the default async executor, which on a
 * machine with one or two CPUs is a new thread per call; that thread creation (and the extra hand
 * off) cost more CPU per {@code /bin/true} task than the fork itself. A pool thread blocked in
 * {@code waitFor} is woken directly by the JDK's reaper.
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

  /**
   * A process for {@code spec}, not started: {@link RunningProcess#run()} it on a pool thread
   * (it blocks until the process ends), or {@link RunningProcess#abort()} it.
   */
  public RunningProcess create(ExecSpec spec) {
    return new RunningProcess(spec, sandbox, timer, stderrTailBytes);
  }

  /** Runs {@code spec} on the launcher pool; returns its handle at once. */
  public RunningProcess start(ExecSpec spec) {
    RunningProcess p = create(spec);
    try {
      launcher.execute(p::run);
    } catch (RejectedExecutionException e) {
      p.failToStart("worker is stopping");
    }
    return p;
  }
}
