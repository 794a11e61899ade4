package org.xwgrid.worker.exec.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.WaitResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.worker.exec.ExecOutcome;
import org.xwgrid.worker.exec.ExecSpec;
import org.xwgrid.worker.exec.Execution;
import org.xwgrid.worker.exec.RunningProcess;

/**
 * One task in a container (see {@link ContainerRecipe} for how it is locked down): {@link #run()}
 * creates, starts and waits for it on the calling pool thread, copies its logs to the task's
 * stdout and stderr files, and always removes it. Only the run thread kills: {@link #abort()} and
 * the timeout just wake it, so {@link #abort()} never blocks. {@link #pause()} and {@link
 * #resume()} are {@code docker pause}/{@code unpause} (short blocking calls); the timeout counts
 * only the time the container is not paused.
 */
final class ContainerRun implements Execution {
  private static final Logger log = LoggerFactory.getLogger(ContainerRun.class);
  private static final long MIB = 1L << 20;
  /** How long a killed container may take to be reported stopped before the run gives up on it. */
  private static final long KILL_GRACE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final DockerEngine engine;
  private final ExecSpec spec;
  private final String image;
  private final CompletableFuture<ExecOutcome> outcome = new CompletableFuture<>();
  /** Serialises pause and resume; never held by the run thread. */
  private final Object pauseLock = new Object();

  // Guarded by this.
  private boolean started;
  private String containerId;
  private boolean running;
  private boolean aborted;
  private boolean timedOut;
  private boolean paused;
  private boolean exited;
  private boolean ended;
  private Integer statusCode;
  private Throwable waitError;
  /** Time left before the timeout, as of {@link #activeSince}. */
  private long budgetNanos;
  private long activeSince;

  ContainerRun(DockerEngine engine, ExecSpec spec, String image) {
    this.engine = engine;
    this.spec = spec;
    this.image = image;
  }

  @Override
  public CompletionStage<ExecOutcome> outcome() {
    return outcome;
  }

  @Override
  public void abort() {
    synchronized (this) {
      aborted = true;
      notifyAll();
    }
  }

  @Override
  public boolean pause() {
    synchronized (pauseLock) {
      String id;
      synchronized (this) {
        if (!running || exited || ended || paused || aborted || timedOut) {
          return false;
        }
        id = containerId;
      }
      try {
        engine.rpc().pauseContainerCmd(id).exec();
      } catch (RuntimeException e) {
        log.debug("Cannot pause container [{}]: {}", DockerEngine.shortId(id), DockerErrors.reason(e));
        return false;
      }
      synchronized (this) {
        budgetNanos -= System.nanoTime() - activeSince;
        paused = true;
        notifyAll();
      }
      return true;
    }
  }

  @Override
  public void resume() {
    synchronized (pauseLock) {
      String id;
      boolean over;
      synchronized (this) {
        if (!paused) {
          return;
        }
        id = containerId;
        over = exited || ended;
      }
      if (!over) {
        try {
          engine.rpc().unpauseContainerCmd(id).exec();
        } catch (RuntimeException e) {
          log.warn("Cannot unpause container [{}]: {}", DockerEngine.shortId(id), DockerErrors.reason(e));
        }
      }
      synchronized (this) {
        paused = false;
        activeSince = System.nanoTime();
        notifyAll();
      }
    }
  }

  /** The container's id once created (tests). */
  synchronized String containerId() {
    return containerId;
  }

  /**
   * Runs the task to its end on the calling thread. The outcome completes only once the
   * container (and its cgroup parent) are gone. An interrupt counts as an abort; the interrupt
   * status is restored at the end.
   */
  @Override
  public void run() {
    synchronized (this) {
      if (started) {
        throw new IllegalStateException("run() called twice");
      }
      started = true;
      if (aborted) {
        outcome.complete(new ExecOutcome(-1, false, true, 0, "aborted before start", null));
        return;
      }
    }
    long t0 = System.nanoTime();
    CgroupUsage cgroup = null;
    String id = null;
    WaitForExit wait = null;
    boolean interrupted = false;
    ExecOutcome result;
    try {
      cgroup = engine.newCgroup();
      makeWritable(spec.outputDir(), engine.settings().user());
      ContainerRecipe recipe =
          ContainerRecipe.of(spec, image, engine.settings(), engine.owner(), cgroup == null ? null : cgroup.parent());
      id = recipe.applyTo(engine.rpc().createContainerCmd(image)).exec().getId();
      boolean abortedNow;
      synchronized (this) {
        containerId = id;
        abortedNow = aborted;
      }
      if (abortedNow) {
        result = new ExecOutcome(-1, false, true, elapsedMs(t0), "aborted before start", null);
      } else {
        synchronized (this) {
          // Before the start call: the task may run (and be paused) before that call returns.
          running = true;
          activeSince = System.nanoTime();
          budgetNanos = spec.timeout().toNanos();
        }
        engine.rpc().startContainerCmd(id).exec();
        wait = engine.stream().waitContainerCmd(id).exec(new WaitForExit());
        interrupted = awaitExit(id);
        long elapsedMs = elapsedMs(t0);
        copyLogs(id);
        InspectContainerResponse.ContainerState state = engine.rpc().inspectContainerCmd(id).exec().getState();
        boolean measured = cgroup != null && cgroup.present();
        long cpuMs = measured ? cgroup.cpuMs() : -1;
        engine.ended(cpuMs);
        result = finished(state, elapsedMs, cpuMs, measured ? cgroup.peakMemoryBytes() : -1);
      }
    } catch (IOException | RuntimeException e) {
      String why = e instanceof DockerException || e.getCause() != null ? DockerErrors.reason(e) : e.getMessage();
      log.debug("Container run of [{}] failed", spec.taskDir().getFileName(), e);
      result = failed("docker: " + why, t0);
    } catch (InterruptedException e) {
      interrupted = true;
      result = failed("interrupted while copying the logs", t0);
    }
    synchronized (this) {
      ended = true;
    }
    // Cleanup makes engine calls, which an interrupt would break (the HTTP pool's lease waits).
    interrupted |= Thread.interrupted();
    if (wait != null) {
      wait.closeQuietly();
    }
    if (id != null) {
      interrupted |= removeContainer(id);
    }
    if (cgroup != null) {
      cgroup.remove();
    }
    outcome.complete(result);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Force-removes the container, again if an interrupt broke the call; true if interrupted meanwhile. */
  private boolean removeContainer(String id) {
    boolean interrupted = false;
    for (int i = 0; i < 3; i++) {
      if (engine.remove(id)) {
        break;
      }
      interrupted |= Thread.interrupted();
    }
    return interrupted | Thread.interrupted();
  }

  /**
   * Waits until the container has exited, killing it once when aborted or out of time. The
   * timeout does not run while paused. An interrupt (the pool stops) counts as an abort.
   *
   * @return true if the thread was interrupted
   */
  private boolean awaitExit(String id) {
    boolean interrupted = false;
    long killedAt = 0;
    while (true) {
      synchronized (this) {
        if (exited) {
          return interrupted;
        }
        boolean mustKill = (aborted || timedOut) && killedAt == 0;
        if (!mustKill) {
          try {
            if (killedAt != 0) {
              long left = KILL_GRACE_NANOS - (System.nanoTime() - killedAt);
              if (left <= 0) {
                waitError = new IllegalStateException("the container did not stop after it was killed");
                exited = true;
                return interrupted;
              }
              TimeUnit.NANOSECONDS.timedWait(this, left);
            } else if (paused) {
              wait();
            } else {
              long left = budgetNanos - (System.nanoTime() - activeSince);
              if (left <= 0) {
                timedOut = true;
              } else {
                TimeUnit.NANOSECONDS.timedWait(this, left);
              }
            }
          } catch (InterruptedException e) {
            interrupted = true;
            aborted = true;
          }
          continue;
        }
      }
      killedAt = System.nanoTime();
      kill(id);
    }
  }

  private void kill(String id) {
    try {
      engine.rpc().killContainerCmd(id).exec();
    } catch (ConflictException | NotFoundException e) {
      // It stopped meanwhile: its exit is on the way.
      log.debug("Container [{}] already stopped: {}", DockerEngine.shortId(id), DockerErrors.reason(e));
    } catch (RuntimeException e) {
      // The engine failed to kill it: removing it by force stops it too.
      log.warn("Cannot kill container [{}]: {}", DockerEngine.shortId(id), DockerErrors.reason(e));
      engine.remove(id);
    }
  }

  private void copyLogs(String id) throws IOException, InterruptedException {
    try (OutputStream out = Files.newOutputStream(spec.stdout());
        OutputStream err = Files.newOutputStream(spec.stderr());
        LogsToFiles logs = new LogsToFiles(out, err)) {
      engine.stream()
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .withFollowStream(false)
          .exec(logs)
          .awaitCompletion();
      logs.check();
    }
  }

  private ExecOutcome finished(InspectContainerResponse.ContainerState state, long elapsedMs, long cpuMs, long peak) {
    boolean oom = Boolean.TRUE.equals(state.getOOMKilled());
    boolean wasAborted;
    boolean wasTimedOut;
    Integer status;
    Throwable lost;
    synchronized (this) {
      wasAborted = aborted;
      wasTimedOut = timedOut;
      status = statusCode;
      lost = waitError;
    }
    if (lost == null && Boolean.TRUE.equals(state.getRunning())) {
      lost = new IllegalStateException("the engine stopped reporting on the container while it ran");
    }
    Long fromState = state.getExitCodeLong();
    int exit = fromState != null ? fromState.intValue() : status != null ? status : -1;
    long limit = spec.limits().memoryBytes();
    String error = null;
    if (wasAborted) {
      error = "aborted";
    } else if (wasTimedOut) {
      error = "timed out after " + spec.timeout().toMillis() + " ms (container killed)";
    } else if (oom) {
      error = limit > 0 ? "out of memory (limit " + limit / MIB + " MiB)" : "out of memory";
    } else if (lost != null) {
      error = "docker: lost the container: " + DockerErrors.reason(lost);
    } else if (exit != 0) {
      error = "exit code " + exit;
    }
    String tail = error == null ? null : RunningProcess.tail(spec.stderr(), engine.settings().stderrTailBytes());
    return new ExecOutcome(exit, wasTimedOut, wasAborted, elapsedMs, error, tail, oom, cpuMs, peak);
  }

  private ExecOutcome failed(String error, long t0) {
    boolean wasAborted;
    synchronized (this) {
      wasAborted = aborted;
    }
    return new ExecOutcome(-1, false, wasAborted, elapsedMs(t0), error, null);
  }

  private static long elapsedMs(long t0) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  /**
   * Lets the container's user write the output folder: hands it to that {@code uid:gid} when
   * numeric and this process may (root), else opens it to all (rwxrwxrwx).
   */
  static void makeWritable(Path dir, String user) throws IOException {
    String[] ids = user.split(":", 2);
    try {
      int uid = Integer.parseInt(ids[0]);
      Files.setAttribute(dir, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
      if (ids.length == 2) {
        Files.setAttribute(dir, "unix:gid", Integer.parseInt(ids[1]), LinkOption.NOFOLLOW_LINKS);
      }
      return;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      log.debug("Cannot hand [{}] to [{}]: {}", dir, user, e.toString());
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
  }

  /** Receives the container's exit status (or the loss of the wait) and wakes the run thread. */
  private final class WaitForExit extends ResultCallback.Adapter<WaitResponse> {
    @Override
    public void onNext(WaitResponse r) {
      synchronized (ContainerRun.this) {
        statusCode = r.getStatusCode();
      }
    }

    @Override
    public void onError(Throwable t) {
      synchronized (ContainerRun.this) {
        if (!exited && waitError == null) {
          waitError = t;
        }
        exited = true;
        ContainerRun.this.notifyAll();
      }
      super.onError(t);
    }

    @Override
    public void onComplete() {
      synchronized (ContainerRun.this) {
        exited = true;
        ContainerRun.this.notifyAll();
      }
      super.onComplete();
    }

    void closeQuietly() {
      try {
        close();
      } catch (IOException e) {
        log.debug("Closing a wait: {}", e.toString());
      }
    }
  }
}
