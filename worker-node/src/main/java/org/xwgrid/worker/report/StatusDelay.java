package org.xwgrid.worker.report;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.Scheduler;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.ReplicaState;
import org.xwgrid.common.api.WorkerApi.StatusUpdate;
import scala.concurrent.ExecutionContextExecutor;

/**
 * Holds the progress of each replica ({@code DOWNLOADING}, {@code COMPUTING}) for {@code
 * report.status-delay} before it passes it on, the latest state only, and forgets it when the
 * replica {@linkplain #finished finishes}: a task shorter than the delay (most are, at hundreds a
 * second) costs no message at all, where it cost two to the {@link Reporter}. {@code ABORTED}
 * passes at once. Called from the slots' threads; thread-safe, never blocks. Its timers run on
 * the actor system's scheduler (so {@code ManualTime} drives them in tests).
 */
public final class StatusDelay implements Consumer<StatusUpdate> {

  /** The latest state of a replica whose delay runs. */
  private static final class Held {
    volatile StatusUpdate latest;
    Cancellable timer;

    Held(StatusUpdate latest) {
      this.latest = latest;
    }
  }

  private final Duration delay;
  private final Scheduler scheduler;
  private final ExecutionContextExecutor executor;
  private final Consumer<StatusUpdate> out;
  private final ConcurrentMap<ReplicaRef, Held> held = new ConcurrentHashMap<>();

  private StatusDelay(Duration delay, Scheduler scheduler, ExecutionContextExecutor executor, Consumer<StatusUpdate> out) {
    this.delay = delay;
    this.scheduler = scheduler;
    this.executor = executor;
    this.out = out;
  }

  /** Passes progress on to {@code out} once it is {@code delay} old (zero: at once). */
  public static StatusDelay create(
      Duration delay, Scheduler scheduler, ExecutionContextExecutor executor, Consumer<StatusUpdate> out) {
    return new StatusDelay(delay, scheduler, executor, out);
  }

  @Override
  public void accept(StatusUpdate u) {
    if (u.state() == ReplicaState.ABORTED || delay.isZero() || delay.isNegative()) {
      finished(u.replica());
      out.accept(u);
      return;
    }
    held.compute(
        u.replica(),
        (r, h) -> {
          if (h != null) {
            h.latest = u; // the delay runs from the first state
            return h;
          }
          Held n = new Held(u);
          n.timer = scheduler.scheduleOnce(delay, () -> due(r, n), executor);
          return n;
        });
  }

  /** The replica has ended: what it had not said yet is never said. */
  public void finished(ReplicaRef replica) {
    Held h = held.remove(replica);
    if (h != null) {
      h.timer.cancel();
    }
  }

  /** Replicas whose progress is held (for tests). */
  int holding() {
    return held.size();
  }

  private void due(ReplicaRef r, Held h) {
    if (held.remove(r, h)) {
      out.accept(h.latest);
    }
  }
}
