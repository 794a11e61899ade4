package org.xwgrid.worker.exec;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task process started by {@link NativeExecutor}: its outcome, a way to kill it, and to freeze
 * it. With a cgroup, the task's whole tree is killed, frozen and measured through it; without, the
 * process tree is killed and stopped with signals.
 *
 * <p>{@link #pause()}, {@link #resume()}, {@link #abort()} and the timeout only take a decision
 * under the lock and leave the work (cgroup writes, signals) to the timer thread, in order: they
 * never block. That work is skipped once the task has ended, and the end waits for the work in
 * flight before it hands the cgroup back, as the next task may get it.
 */
public final class RunningProcess implements Execution {
  private static final Logger log = LoggerFactory.getLogger(RunningProcess.class);
  private static final File DEV_NULL = new File("/dev/null");
  private static final int KILL_ROUNDS = 5;

  private final ExecSpec spec;
  private final Sandbox sandbox;
  private final ScheduledExecutorService timer;
  private final int stderrTailBytes;
  private final CompletableFuture<ExecOutcome> outcome = new CompletableFuture<>();
  private final Executor control;
  private CompletableFuture<Void> controlChain = CompletableFuture.completedFuture(null);
  private Process process;
  private TaskCgroup cgroup;
  private boolean aborted;
  private boolean paused;
  private boolean ended;
  private volatile boolean timedOut;
  private long startNanos;
  /** When the timeout fires (running), or how much of it is left (paused). */
  private long deadlineNanos;
  private long remainingNanos;
  private ScheduledFuture<?> timeoutTask;

  RunningProcess(
      ExecSpec spec,
      Sandbox sandbox,
      ScheduledExecutorService timer,
      int stderrTailBytes) {
    this.spec = spec;
    this.sandbox = sandbox;
    this.timer = timer;
    this.stderrTailBytes = stderrTailBytes;
    this.control =
        command -> {
          try {
            timer.execute(command);
          } catch (RejectedExecutionException e) {
            command.run();
          }
        };
  }

  @Override
  public CompletionStage<ExecOutcome> outcome() {
    return outcome;
  }

  /** The task's cgroup while it runs (for tests). */
  synchronized Optional<TaskCgroup> cgroup() {
    return Optional.ofNullable(cgroup);
  }

  @Override
  public void abort() {
    Process p;
    TaskCgroup g;
    synchronized (this) {
      if (aborted) {
        return;
      }
      aborted = true;
      paused = false;
      p = process;
      g = cgroup;
    }
    if (p != null) {
      later(() -> killAll(p, g));
    }
  }

  /**
   * Runs {@code action} on the timer thread after the earlier ones, so that it never waits for a
   * busy pool; not once the task has ended.
   */
  private synchronized void later(Runnable action) {
    controlChain =
        controlChain.thenRunAsync(() -> {
          if (!hasEnded()) {
            action.run();
          }
        }, control).exceptionally(e -> {
          log.warn("Task [{}]: {}", spec.taskDir().getFileName(), e.toString());
          return null;
        });
  }

  private synchronized boolean hasEnded() {
    return ended;
  }

  void failToStart(String why) {
    outcome.complete(new ExecOutcome(-1, false, false, 0, why, null));
  }

  @Override
  public boolean pause() {
    Process p;
    TaskCgroup g;
    synchronized (this) {
      if (process == null || ended || aborted) {
        return false;
      }
      if (paused) {
        return true;
      }
      paused = true;
      if (timeoutTask != null) {
        timeoutTask.cancel(false);
        timeoutTask = null;
      }
      remainingNanos = Math.max(0, deadlineNanos - System.nanoTime());
      p = process;
      g = cgroup;
    }
    later(() -> freeze(p, g));
    return true;
  }

  @Override
  public void resume() {
    Process p;
    TaskCgroup g;
    synchronized (this) {
      if (!paused) {
        return;
      }
      paused = false;
      p = process;
      g = cgroup;
      if (!ended) {
        scheduleTimeout(p, remainingNanos);
      }
    }
    later(() -> thaw(p, g));
  }

  private static void freeze(Process p, TaskCgroup g) {
    if (g != null && g.freezable()) {
      try {
        g.freeze();
        return;
      } catch (IOException e) {
        log.debug("Cannot freeze [{}]: {}", g, e.toString());
      }
    }
    ProcessSignals.stopTree(p.toHandle());
  }

  private static void thaw(Process p, TaskCgroup g) {
    if (g != null && g.freezable()) {
      try {
        g.thaw();
        return;
      } catch (IOException e) {
        log.debug("Cannot thaw [{}]: {}", g, e.toString());
      }
    }
    ProcessSignals.continueTree(p.toHandle());
  }

  /** Must hold the lock. */
  private void scheduleTimeout(Process p, long nanos) {
    deadlineNanos = System.nanoTime() + nanos;
    TaskCgroup g = cgroup;
    timeoutTask =
        timer.schedule(
            () -> {
              synchronized (this) {
                if (paused || ended) {
                  return;
                }
                timedOut = true;
              }
              later(() -> killAll(p, g));
            },
            nanos,
            TimeUnit.NANOSECONDS);
  }

  @Override
  public void run() {
    synchronized (this) {
      if (aborted) {
        outcome.complete(new ExecOutcome(-1, false, true, 0, "aborted before start", null));
        return;
      }
    }
    TaskCgroup g;
    try {
      g = sandbox.openCgroup(spec).orElse(null);
    } catch (IOException | RuntimeException e) {
      failToStart("cannot create the task's cgroup: " + e.getMessage());
      return;
    }
    try {
      sandbox.prepareFolders(spec);
    } catch (IOException | RuntimeException e) {
      releaseCgroup(g);
      failToStart("cannot prepare the output folder for the task user: " + e.getMessage());
      return;
    }
    ProcessBuilder pb =
        new ProcessBuilder(sandbox.command(spec, g))
            .directory(spec.taskDir().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
            .redirectOutput(spec.stdout().toFile())
            .redirectError(spec.stderr().toFile());
    pb.environment().clear();
    pb.environment().putAll(sandbox.environment(spec));
    Process p;
    startNanos = System.nanoTime();
    try {
      p = g == null ? PosixSpawn.start(pb) : g.start(pb);
    } catch (IOException | RuntimeException e) {
      releaseCgroup(g);
      failToStart("cannot start " + spec.command().get(0) + ": " + e.getMessage());
      return;
    }
    boolean killNow;
    synchronized (this) {
      process = p;
      cgroup = g;
      killNow = aborted;
      if (!killNow) {
        scheduleTimeout(p, spec.timeout().toNanos());
      }
    }
    if (killNow) {
      later(() -> killAll(p, g));
    }
    boolean interrupted = false;
    while (true) {
      try {
        p.waitFor();
        break;
      } catch (InterruptedException e) {
        // The pool is shutting down: the worker stops; do not leave the process behind.
        interrupted = true;
        synchronized (this) {
          aborted = true;
        }
        killAll(p, g);
      }
    }
    finished(p, g);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void finished(Process p, TaskCgroup g) {
    ScheduledFuture<?> t;
    boolean wasAborted;
    CompletableFuture<Void> inFlight;
    synchronized (this) {
      ended = true;
      paused = false;
      t = timeoutTask;
      wasAborted = aborted;
      inFlight = controlChain;
    }
    if (t != null) {
      t.cancel(false);
    }
    inFlight.join(); // never fails (exceptionally); what it waits for is a few cgroup writes
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    CgroupUsage usage = CgroupUsage.UNKNOWN;
    if (g != null) {
      usage = g.usage();
      releaseCgroup(g); // kills what the task left behind (daemons, a frozen rest)
    }
    int exit = p.exitValue();
    boolean oom = usage.oomKills() > 0;
    String error = error(exit, wasAborted, timedOut, oom, usage.pidsLimitHits(), g == null ? Limits.NONE : g.limits());
    String tail = error == null ? null : tail(spec.stderr(), stderrTailBytes);
    outcome.complete(
        new ExecOutcome(
            exit, timedOut, wasAborted, elapsedMs, error, tail, oom && !wasAborted, usage.cpuMs(), usage.peakMemoryBytes()));
  }

  /** The one-line error of an outcome, or null when the task succeeded. */
  String error(int exit, boolean wasAborted, boolean wasTimedOut, boolean oom, long pidsHits, Limits limits) {
    String error = null;
    if (wasAborted) {
      error = "aborted";
    } else if (wasTimedOut) {
      error = "timed out after " + spec.timeout().toMillis() + " ms (process tree killed)";
    } else if (oom) {
      error = "out of memory (limit " + bytes(limits.memoryBytes()) + ")";
    } else if (exit != 0) {
      error = "exit code " + exit;
    }
    if (error != null && pidsHits > 0 && limits.pids() > 0) {
      error += " (hit the limit of " + limits.pids() + " processes)";
    }
    return error;
  }

  /** {@code n} bytes for people: "64 MiB", "2 GiB", "1536 KiB", "1000 bytes". */
  static String bytes(long n) {
    String[] units = {"GiB", "MiB", "KiB"};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << (30 - 10 * i);
      if (n >= unit && n % unit == 0) {
        return n / unit + " " + units[i];
      }
    }
    return n + " bytes";
  }

  private void releaseCgroup(TaskCgroup g) {
    if (g == null) {
      return;
    }
    try {
      sandbox.closeCgroup(g);
    } catch (IOException e) {
      log.warn("Task [{}]: cannot empty its cgroup: {}", spec.taskDir().getFileName(), e.getMessage());
    }
  }

  /** Kills the task: its whole cgroup (frozen or not), then its process tree; a stopped tree is continued. */
  private void killAll(Process p, TaskCgroup g) {
    if (g != null) {
      try {
        g.killAll();
      } catch (IOException e) {
        log.warn("Task [{}]: {}", spec.taskDir().getFileName(), e.getMessage());
      }
    }
    killTree(p);
  }

  /** Kills the children first (several rounds, for those forked meanwhile), then the process. */
  static void killTree(Process p) {
    for (int round = 0; round < KILL_ROUNDS; round++) {
      List<ProcessHandle> children = new ArrayList<>();
      p.descendants().forEach(children::add);
      if (children.isEmpty()) {
        break;
      }
      for (ProcessHandle h : children) {
        h.destroyForcibly();
      }
    }
    List<ProcessHandle> last = new ArrayList<>();
    p.descendants().forEach(last::add);
    p.destroyForcibly();
    last.forEach(ProcessHandle::destroyForcibly);
  }

  /** The last {@code max} bytes of a file as text, or null if it is empty or unreadable. */
  public static String tail(java.nio.file.Path file, int max) {
    if (max <= 0) {
      return null;
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      if (len == 0) {
        return null;
      }
      int n = (int) Math.min(len, max);
      byte[] b = new byte[n];
      f.seek(len - n);
      f.readFully(b);
      return new String(b, StandardCharsets.UTF_8);
    } catch (IOException e) {
      log.debug("Cannot read [{}]: {}", file, e.toString());
      return null;
    }
  }
}
