package org.xwgrid.worker.exec;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A task process started by {@link NativeExecutor}: its outcome, and a way to kill it. */
public final class RunningProcess implements Execution {
  private static final Logger log = LoggerFactory.getLogger(RunningProcess.class);
  private static final File DEV_NULL = new File("/dev/null");
  private static final int KILL_ROUNDS = 5;

  private final ExecSpec spec;
  private final Sandbox sandbox;
  private final ScheduledExecutorService timer;
  private final int stderrTailBytes;
  private final CompletableFuture<ExecOutcome> outcome = new CompletableFuture<>();
  private Process process;
  private boolean aborted;
  private volatile boolean timedOut;
  private long startNanos;
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
  }

  @Override
  public CompletionStage<ExecOutcome> outcome() {
    return outcome;
  }

  @Override
  public void abort() {
    Process p;
    synchronized (this) {
      if (aborted) {
        return;
      }
      aborted = true;
      p = process;
    }
    if (p != null) {
      kill(p);
    }
  }

  /** Kills on the timer thread, so that it never waits for a busy pool. */
  private void kill(Process p) {
    try {
      timer.execute(() -> killTree(p));
    } catch (RejectedExecutionException e) {
      killTree(p);
    }
  }

  void failToStart(String why) {
    outcome.complete(new ExecOutcome(-1, false, false, 0, why, null));
  }

  @Override
  public boolean pause() {
    return false; // TODO(sandbox): SIGSTOP of the process tree, timeout held
  }

  @Override
  public void resume() {}

  @Override
  public void run() {
    synchronized (this) {
      if (aborted) {
        outcome.complete(new ExecOutcome(-1, false, true, 0, "aborted before start", null));
        return;
      }
    }
    ProcessBuilder pb =
        new ProcessBuilder(sandbox.command(spec))
            .directory(spec.taskDir().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
            .redirectOutput(spec.stdout().toFile())
            .redirectError(spec.stderr().toFile());
    pb.environment().clear();
    pb.environment().putAll(sandbox.environment(spec));
    Process p;
    startNanos = System.nanoTime();
    try {
      p = pb.start();
    } catch (IOException | RuntimeException e) {
      failToStart("cannot start " + spec.command().get(0) + ": " + e.getMessage());
      return;
    }
    boolean killNow;
    synchronized (this) {
      process = p;
      killNow = aborted;
    }
    if (killNow) {
      kill(p);
    } else {
      timeoutTask =
          timer.schedule(
              () -> {
                timedOut = true;
                killTree(p);
              },
              spec.timeout().toMillis(),
              TimeUnit.MILLISECONDS);
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
        killTree(p);
      }
    }
    finished(p);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void finished(Process p) {
    if (outcome.isDone()) {
      return;
    }
    ScheduledFuture<?> t = timeoutTask;
    if (t != null) {
      t.cancel(false);
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    int exit = p.exitValue();
    boolean wasAborted;
    synchronized (this) {
      wasAborted = aborted;
    }
    String error = null;
    if (wasAborted) {
      error = "aborted";
    } else if (timedOut) {
      error = "timed out after " + spec.timeout().toMillis() + " ms (process tree killed)";
    } else if (exit != 0) {
      error = "exit code " + exit;
    }
    String tail = error == null ? null : tail(spec.stderr(), stderrTailBytes);
    outcome.complete(new ExecOutcome(exit, timedOut, wasAborted, elapsedMs, error, tail));
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
  static String tail(java.nio.file.Path file, int max) {
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
