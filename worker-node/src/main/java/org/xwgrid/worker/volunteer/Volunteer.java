package org.xwgrid.worker.volunteer;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a volunteer's worker may compute, as a pure state machine: fed one {@link Sample} per
 * sample interval through {@link #apply}, it answers with the {@link Decision} the worker must
 * carry out. No I/O, no clock, no threads; not thread-safe (one owner, e.g. the session actor).
 *
 * <p>States: {@link State#ACTIVE} (tasks run, work is taken), {@link State#PAUSED} (the owner came
 * back, or the time window closed, while the worker held tasks: they are frozen), {@link
 * State#WAITING} (not allowed to compute, and no task held). Rules:
 *
 * <ul>
 *   <li>policy {@code always}: always ACTIVE;
 *   <li>the owner becomes active (idle policies) or the window closes (window policies) while
 *       ACTIVE: at once PAUSED with {@link Action#PAUSE_TASKS} if tasks are held, else WAITING;
 *   <li>the host is allowed again (in the window, and under idle policies the owner inactive for
 *       {@code idle.period}): PAUSED → ACTIVE with {@link Action#RESUME_TASKS}, WAITING → ACTIVE;
 *   <li>PAUSED for {@code grace}: {@link Action#WITHDRAW_TASKS}, once, then WAITING;
 *   <li>PAUSED without tasks any more (they were cancelled): WAITING.
 * </ul>
 *
 * <p>The idle period runs from the first sample in which the owner is inactive. A sample older
 * than the previous one (the clock went back) counts as taken at the previous one's time.
 */
public final class Volunteer {

  /** What the worker is doing as a volunteer. */
  public enum State {
    /** Allowed to compute: tasks run and work is taken. */
    ACTIVE,
    /** Not allowed to compute and holds no task (or has withdrawn them): takes no work. */
    WAITING,
    /** Not allowed to compute while it holds tasks: they are frozen until resumed or withdrawn. */
    PAUSED
  }

  /** What the worker must do now. */
  public enum Action {
    NONE,
    /** Freeze every running task, start no queued one. */
    PAUSE_TASKS,
    /** Thaw the frozen tasks and start the queued ones again. */
    RESUME_TASKS,
    /** Stop the held tasks (frozen or queued) and hand them back to the dispatcher. */
    WITHDRAW_TASKS
  }

  /**
   * What the worker sees at {@code now}: whether the owner is active (the host's load or the
   * simulated owner, see {@link OwnerActivity}), whether {@code now} is in a time window, and
   * whether the worker holds tasks (running, frozen or queued). The policy ignores what it does
   * not use.
   */
  public record Sample(Instant now, boolean ownerActive, boolean inWindow, boolean hasTasks) {
    public Sample {
      Objects.requireNonNull(now, "now");
    }
  }

  /** The state after a sample, whether the worker may ask for work, and what it must do. */
  public record Decision(State state, boolean mayTakeWork, Action action) {}

  /** Why the worker may not compute now (for {@link #describe()}). */
  private enum Reason {
    NONE,
    NOT_SAMPLED,
    OUTSIDE_WINDOWS,
    OWNER_ACTIVE,
    IDLE_TOO_SHORT
  }

  private final Policy policy;
  private final Duration idlePeriod;
  private final Duration grace;
  private final String windows;
  private State state;
  private Reason reason;
  private Instant now;
  private Instant idleSince;
  private Instant pausedSince;

  private Volunteer(Policy policy, Duration idlePeriod, Duration grace, String windows) {
    this.policy = policy;
    this.idlePeriod = idlePeriod;
    this.grace = grace;
    this.windows = windows;
    this.state = policy == Policy.ALWAYS ? State.ACTIVE : State.WAITING;
    this.reason = policy == Policy.ALWAYS ? Reason.NONE : Reason.NOT_SAMPLED;
  }

  /** A volunteer under {@code settings}: ACTIVE under policy always, else WAITING for a first sample. */
  public static Volunteer create(VolunteerSettings settings) {
    return create(settings.policy(), settings.idlePeriod(), settings.grace(), settings.windows().toString());
  }

  /**
   * A volunteer under {@code policy}; {@code windows} is only shown by {@link #describe()} (e.g.
   * {@code Mon-Fri 19:00-07:00}).
   */
  public static Volunteer create(Policy policy, Duration idlePeriod, Duration grace, String windows) {
    if (idlePeriod.isNegative() || grace.isNegative()) {
      throw new IllegalArgumentException("idle period and grace must not be negative");
    }
    return new Volunteer(Objects.requireNonNull(policy), idlePeriod, grace, Objects.requireNonNull(windows));
  }

  /** Takes a sample into account and says what to do. */
  public Decision apply(Sample s) {
    now = now == null || s.now().isAfter(now) ? s.now() : now;
    idleSince = s.ownerActive() ? null : idleSince == null ? now : idleSince;
    reason = reason(s);
    Action action = Action.NONE;
    switch (state) {
      case ACTIVE:
        if (stopNow(s)) {
          if (s.hasTasks()) {
            state = State.PAUSED;
            pausedSince = now;
            action = Action.PAUSE_TASKS;
          } else {
            state = State.WAITING;
          }
        }
        break;
      case PAUSED:
        if (reason == Reason.NONE) {
          state = State.ACTIVE;
          pausedSince = null;
          action = Action.RESUME_TASKS;
        } else if (!s.hasTasks()) {
          state = State.WAITING;
          pausedSince = null;
        } else if (!now.isBefore(pausedSince.plus(grace))) {
          state = State.WAITING;
          pausedSince = null;
          action = Action.WITHDRAW_TASKS;
        }
        break;
      case WAITING:
        if (reason == Reason.NONE) {
          state = State.ACTIVE;
        }
        break;
      default:
        throw new IllegalStateException("unknown state " + state);
    }
    return decision(action);
  }

  /** The current state, without action (before any sample: ACTIVE under always, else WAITING). */
  public Decision decision() {
    return decision(Action.NONE);
  }

  public State state() {
    return state;
  }

  /**
   * One line for {@code xw workers}, as of the last sample: {@code active}, {@code paused 40s
   * (owner active)}, {@code waiting (outside Mon-Fri 19:00-07:00)}, {@code waiting (idle 30s of
   * 2m)}, {@code waiting (not sampled yet)}.
   */
  public String describe() {
    switch (state) {
      case ACTIVE:
        return "active";
      case PAUSED:
        return "paused " + text(Duration.between(pausedSince, now)) + " (" + reasonText() + ")";
      default:
        return "waiting (" + reasonText() + ")";
    }
  }

  @Override
  public String toString() {
    return "Volunteer[" + policy + ", " + describe() + "]";
  }

  private Decision decision(Action action) {
    return new Decision(state, state == State.ACTIVE, action);
  }

  /** True when a running worker must stop at once: the owner is back or the window closed. */
  private boolean stopNow(Sample s) {
    return (policy.usesWindows() && !s.inWindow()) || (policy.watchesOwner() && s.ownerActive());
  }

  /** Why the worker may not (re)start computing now; NONE when it may. */
  private Reason reason(Sample s) {
    if (policy.usesWindows() && !s.inWindow()) {
      return Reason.OUTSIDE_WINDOWS;
    }
    if (policy.watchesOwner()) {
      if (s.ownerActive()) {
        return Reason.OWNER_ACTIVE;
      }
      if (Duration.between(idleSince, now).compareTo(idlePeriod) < 0) {
        return Reason.IDLE_TOO_SHORT;
      }
    }
    return Reason.NONE;
  }

  private String reasonText() {
    switch (reason) {
      case NOT_SAMPLED:
        return "not sampled yet";
      case OUTSIDE_WINDOWS:
        return "outside " + windows;
      case OWNER_ACTIVE:
        return "owner active";
      case IDLE_TOO_SHORT:
        return "idle " + text(Duration.between(idleSince, now)) + " of " + text(idlePeriod);
      default:
        return "allowed";
    }
  }

  /** {@code 40s}, {@code 2m}, {@code 2m05s}, {@code 1h02m} (seconds dropped past an hour). */
  static String text(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s % 60 == 0 ? s / 60 + "m" : String.format("%dm%02ds", s / 60, s % 60);
    }
    long m = s / 60;
    return m % 60 == 0 ? m / 60 + "h" : String.format("%dh%02dm", m / 60, m % 60);
  }
}
