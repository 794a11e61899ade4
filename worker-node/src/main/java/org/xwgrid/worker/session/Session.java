package org.xwgrid.worker.session;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;
import org.xwgrid.common.api.Capabilities;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.ReplicaState;
import org.xwgrid.common.api.WorkerApi.Assignment;
import org.xwgrid.common.api.WorkerApi.Heartbeat;
import org.xwgrid.common.api.WorkerApi.HeartbeatAck;
import org.xwgrid.common.api.WorkerApi.Register;
import org.xwgrid.common.api.WorkerApi.Registered;
import org.xwgrid.common.api.WorkerApi.StatusUpdate;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.common.api.WorkerApi.WorkBatch;
import org.xwgrid.common.api.WorkerApi.WorkRequest;
import org.xwgrid.worker.WorkerNodeSettings;
import org.xwgrid.worker.cache.DiskFullException;
import org.xwgrid.worker.net.Backoff;
import org.xwgrid.worker.net.DispatcherApi;
import org.xwgrid.worker.net.DispatcherException;
import org.xwgrid.worker.net.WorkerCredentials;
import org.xwgrid.worker.report.Reporter;
import org.xwgrid.worker.report.StatusDelay;
import org.xwgrid.worker.task.FinishedTask;
import org.xwgrid.worker.task.HeldResults;
import org.xwgrid.worker.task.Slots;
import org.xwgrid.worker.task.TaskFolders;
import org.xwgrid.worker.task.TaskRunner;
import org.xwgrid.worker.volunteer.OwnerActivity;
import org.xwgrid.worker.volunteer.Policy;
import org.xwgrid.worker.volunteer.Volunteer;
import org.xwgrid.worker.volunteer.VolunteerSettings;

/**
 * The worker's conversation with the dispatcher: registration (first with the enrolment token,
 * then again as itself with the stored worker token), heartbeats with the running replicas, and
 * the pull loop, a long poll for as many tasks as there are free slots (plus {@code prefetch}, and
 * more while tasks are short). Assignments go to the {@link Slots}, which run them on pool threads
 * through the {@link TaskRunner}; finished ones come back here and their reports go to the {@link
 * Reporter}. Any
 * failure to reach the dispatcher is retried with backoff while running tasks go on; a 401/404
 * means the dispatcher may have forgotten the worker, so it registers again.
 *
 * <p>Heartbeats also list the {@link HeldResults} (certified replicas whose output the worker
 * keeps); their answer's {@code abort} forgets held ones too, and its {@code reveal} and {@code
 * upload} go to the Reporter.
 */
public final class Session extends AbstractBehavior<Session.Command> {

  public sealed interface Command {}

  /** Stop pulling; once running tasks have finished (or were aborted after stop.grace), reply. */
  public record Drain(ActorRef<Drained> replyTo) implements Command {}

  public enum Drained {
    INSTANCE
  }

  /** A call made with these credentials got 401/404. */
  public record CredentialsRejected(WorkerCredentials credentials) implements Command {}

  private enum RegisterNow implements Command {
    INSTANCE
  }

  private record RegistrationDone(
      WorkerIdentity identity, Registered reply, Throwable failure, boolean enrolment)
      implements Command {}

  private enum HeartbeatTick implements Command {
    INSTANCE
  }

  private record HeartbeatDone(HeartbeatAck ack, Throwable failure, WorkerCredentials used)
      implements Command {}

  private enum Pull implements Command {
    INSTANCE
  }

  private record WorkReceived(
      WorkBatch batch, Throwable failure, long startNanos, WorkerCredentials used)
      implements Command {}

  private record TaskFinished(Slots.Finished finished) implements Command {}

  private enum GraceOver implements Command {
    INSTANCE
  }

  /** Time to sample the volunteer owner's activity. */
  private enum SampleOwner implements Command {
    INSTANCE
  }

  private record OwnerSampled(boolean active, Throwable failure) implements Command {}

  private static final String HEARTBEAT = "heartbeat";
  private static final String PULL = "pull";
  private static final String REGISTER = "register";
  private static final String GRACE = "grace";
  private static final String SAMPLE = "sample-owner";
  private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(10);
  private static final double ROUND_TRIPS_AHEAD = 3;
  /** After handing a task back for a full disk, this long without asking for work (others take it meanwhile). */
  private static final Duration DISK_FULL_PAUSE = Duration.ofSeconds(30);

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final Logger log;
  private final WorkerNodeSettings settings;
  private final DispatcherApi api;
  private final IdentityStore identities;
  private final TaskRunner runner;
  private final HeldResults held;
  private final ActorRef<Reporter.Command> reporter;
  private final Consumer<String> fatal;
  private final Capabilities capabilities;
  private final Backoff backoff;
  private final ActorRef<WorkerCredentials> rejectedAdapter;
  private final Consumer<StatusUpdate> statusSink;

  private WorkerIdentity identity;
  /** The worker key's address, sent with every registration. */
  private final String address;
  private WorkerCredentials credentials;
  private boolean registering;
  private boolean heartbeatInFlight;
  private boolean pullInFlight;
  private boolean outage;
  /** Moving average of the wall time of recent tasks, -1 before the first. */
  private double averageTaskMs = -1;
  /** Moving average of the time work requests take to bring tasks, -1 before the first. */
  private double averageWorkMs = -1;
  private final Slots slots;
  private final Set<ReplicaRef> abortedForStop = new HashSet<>();
  private ActorRef<Drained> drainReplyTo;
  private boolean drained;
  /** A volunteer's state machine and its owner's activity; null for a dedicated worker. */
  private final Volunteer volunteer;
  private final OwnerActivity owner;
  private boolean sampling;
  /** The last pause or resume of the slots handed to the pool: the next one waits for it. */
  private CompletableFuture<Void> freezing = CompletableFuture.completedFuture(null);

  public static Behavior<Command> create(
      WorkerNodeSettings settings,
      DispatcherApi api,
      IdentityStore identities,
      WorkerIdentity stored,
      String address,
      TaskRunner runner,
      HeldResults held,
      ActorRef<Reporter.Command> reporter,
      OwnerActivity owner,
      Consumer<String> fatal) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers ->
                    new Session(
                        ctx, timers, settings, api, identities, stored, address, runner, held, reporter, owner, fatal)));
  }

  private Session(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      WorkerNodeSettings settings,
      DispatcherApi api,
      IdentityStore identities,
      WorkerIdentity stored,
      String address,
      TaskRunner runner,
      HeldResults held,
      ActorRef<Reporter.Command> reporter,
      OwnerActivity owner,
      Consumer<String> fatal) {
    super(ctx);
    this.address = address;
    this.ctx = ctx;
    this.timers = timers;
    this.log = ctx.getLog();
    this.settings = settings;
    this.api = api;
    this.identities = identities;
    this.identity = stored;
    this.runner = runner;
    this.held = held;
    this.reporter = reporter;
    this.fatal = fatal;
    this.capabilities = Capabilities.ofThisHost(settings.tags());
    this.backoff =
        Backoff.create(settings.backoffMin(), settings.backoffMax(), settings.backoffRandomFactor());
    this.rejectedAdapter = ctx.messageAdapter(WorkerCredentials.class, CredentialsRejected::new);
    StatusDelay progress =
        StatusDelay.create(
            settings.reportStatusDelay(), ctx.getSystem().scheduler(), ctx.getSystem().executionContext(),
            u -> reporter.tell(new Reporter.Status(u)));
    this.statusSink = progress;
    ActorRef<Command> self = ctx.getSelf();
    this.slots =
        Slots.create(
            settings.slots(), runner, progress, f -> {
              progress.finished(f.task().replica());
              self.tell(new TaskFinished(f));
            });
    VolunteerSettings v = settings.volunteer();
    this.owner = owner;
    this.volunteer = v.policy() == Policy.ALWAYS ? null : Volunteer.create(v);
    if (volunteer != null) {
      log.info("Volunteer: policy {}, {}", v.policy(), volunteer.describe());
      timers.startTimerWithFixedDelay(SAMPLE, SampleOwner.INSTANCE, Duration.ZERO, v.sampleInterval());
    }
    ctx.getSelf().tell(RegisterNow.INSTANCE);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(RegisterNow.INSTANCE, this::onRegisterNow)
        .onMessage(RegistrationDone.class, this::onRegistrationDone)
        .onMessageEquals(HeartbeatTick.INSTANCE, this::onHeartbeatTick)
        .onMessage(HeartbeatDone.class, this::onHeartbeatDone)
        .onMessageEquals(Pull.INSTANCE, this::onPull)
        .onMessage(WorkReceived.class, this::onWorkReceived)
        .onMessage(TaskFinished.class, this::onTaskFinished)
        .onMessage(CredentialsRejected.class, this::onCredentialsRejected)
        .onMessage(Drain.class, this::onDrain)
        .onMessageEquals(GraceOver.INSTANCE, this::onGraceOver)
        .onMessageEquals(SampleOwner.INSTANCE, this::onSampleOwner)
        .onMessage(OwnerSampled.class, this::onOwnerSampled)
        .build();
  }

  // ---- registration -----------------------------------------------------------------------

  private Behavior<Command> onRegisterNow() {
    if (registering || credentials != null || drainReplyTo != null) {
      return this;
    }
    boolean enrolment = identity == null;
    String bearer;
    Register request;
    if (enrolment) {
      if (settings.token() == null || settings.token().isBlank()) {
        fatal.accept(
            "the dispatcher does not know this worker and there is no enrolment token (--token or XW_TOKEN)");
        return this;
      }
      bearer = settings.token();
      request = new Register(null, settings.name(), capabilities, settings.slots(), address);
    } else {
      bearer = identity.workerToken();
      request = new Register(identity.workerId(), settings.name(), capabilities, settings.slots(), address);
    }
    registering = true;
    WorkerIdentity previous = identity;
    CompletionStage<RegistrationDone> stage =
        api.register(bearer, request)
            .thenCompose(
                reply -> {
                  String token = reply.workerToken() != null ? reply.workerToken() : previous == null ? null : previous.workerToken();
                  if (reply.workerId() == null || token == null) {
                    throw new IllegalStateException("the dispatcher's answer lacks the worker id or token");
                  }
                  WorkerIdentity next = new WorkerIdentity(reply.workerId(), token);
                  CompletionStage<Void> saved =
                      next.equals(previous)
                          ? CompletableFuture.completedFuture(null)
                          : identities.saveAsync(next);
                  return saved.thenApply(v -> new RegistrationDone(next, reply, null, enrolment));
                });
    ctx.pipeToSelf(stage, (done, e) -> done != null ? done : new RegistrationDone(null, null, e, enrolment));
    return this;
  }

  private Behavior<Command> onRegistrationDone(RegistrationDone r) {
    registering = false;
    if (r.failure() != null) {
      Throwable cause = DispatcherException.unwrap(r.failure());
      int status = DispatcherException.statusOf(cause);
      if (!r.enrolment() && (status == 401 || status == 403 || status == 404)) {
        log.warn(
            "The dispatcher does not know worker [{}] any more ({}); registering anew",
            identity.workerId(),
            cause.getMessage());
        identity = null;
        ctx.getSelf().tell(RegisterNow.INSTANCE);
      } else if (r.enrolment() && (status == 401 || status == 403)) {
        fatal.accept("the dispatcher refused the enrolment token (" + cause.getMessage() + ")");
      } else {
        Duration delay = backoff.next();
        if (backoff.attempts() == 1) {
          log.warn("Cannot register with the dispatcher ({}); retrying with backoff", cause.toString());
        } else {
          log.debug("Registration failed ({}); next try in {} ms", cause.toString(), delay.toMillis());
        }
        timers.startSingleTimer(REGISTER, RegisterNow.INSTANCE, delay);
      }
      return this;
    }
    identity = r.identity();
    credentials = identity.credentials();
    backoff.reset();
    outage = false;
    Duration interval =
        r.reply().heartbeatIntervalMs() > 0
            ? Duration.ofMillis(r.reply().heartbeatIntervalMs())
            : DEFAULT_HEARTBEAT;
    log.info(
        "Registered as worker [{}] ({}, {} slots, heartbeat every {} ms)",
        identity.workerId(),
        r.enrolment() ? "new" : "again",
        settings.slots(),
        interval.toMillis());
    timers.startTimerWithFixedDelay(HEARTBEAT, HeartbeatTick.INSTANCE, interval);
    reporter.tell(new Reporter.Connected(credentials, rejectedAdapter));
    if (slots.outstanding() > 0) {
      ctx.getSelf().tell(HeartbeatTick.INSTANCE);
    }
    maybePull();
    return this;
  }

  private Behavior<Command> onCredentialsRejected(CredentialsRejected r) {
    if (credentials == null || !credentials.equals(r.credentials())) {
      return this;
    }
    log.info("The dispatcher rejected the credentials of worker [{}]; registering again", credentials.workerId());
    credentials = null;
    reporter.tell(Reporter.Disconnected.INSTANCE);
    timers.cancel(HEARTBEAT);
    timers.cancel(PULL);
    ctx.getSelf().tell(RegisterNow.INSTANCE);
    return this;
  }

  // ---- heartbeat --------------------------------------------------------------------------

  private Behavior<Command> onHeartbeatTick() {
    if (credentials == null || heartbeatInFlight) {
      return this;
    }
    heartbeatInFlight = true;
    Set<ReplicaRef> refs = new LinkedHashSet<>(slots.replicas());
    refs.addAll(held.replicas());
    WorkerCredentials used = credentials;
    String activity = volunteer == null ? null : volunteer.describe();
    ctx.pipeToSelf(api.heartbeat(used, new Heartbeat(List.copyOf(refs), activity)), (ack, e) -> new HeartbeatDone(ack, e, used));
    return this;
  }

  private Behavior<Command> onHeartbeatDone(HeartbeatDone h) {
    heartbeatInFlight = false;
    if (h.failure() != null) {
      if (DispatcherException.isUnknownWorker(h.failure())) {
        return onCredentialsRejected(new CredentialsRejected(h.used()));
      }
      log.debug("Heartbeat failed: {}", DispatcherException.unwrap(h.failure()).toString());
      return this;
    }
    HeartbeatAck ack = h.ack();
    if (ack == null) {
      return this;
    }
    for (ReplicaRef r : ack.abort()) {
      if (held.release(r)) {
        log.info("Forgetting the held result of replica [{}] as the dispatcher asks", r);
        continue;
      }
      switch (slots.abort(r)) {
        case KILLING -> log.info("Aborting replica [{}] as the dispatcher asks", r);
        case DROPPED_FROM_QUEUE -> log.info("Dropping queued replica [{}] as the dispatcher asks", r);
        default -> log.debug("Replica [{}] to abort is not here", r);
      }
    }
    if (!ack.reveal().isEmpty() || !ack.upload().isEmpty()) {
      reporter.tell(new Reporter.RevealHeld(ack.reveal(), ack.upload()));
    }
    return this;
  }

  // ---- pull loop --------------------------------------------------------------------------

  private Behavior<Command> onPull() {
    maybePull();
    return this;
  }

  private void maybePull() {
    if (credentials == null || drainReplyTo != null || pullInFlight || timers.isTimerActive(PULL) || !lent()) {
      return;
    }
    int target = settings.slots() + prefetch();
    int outstanding = slots.outstanding();
    int want = target - outstanding;
    if (want <= 0) {
      return;
    }
    if (outstanding >= settings.slots() && want < Math.max(1, (target - settings.slots()) / 2)) {
      // Every slot has work: wait until a worthwhile batch is missing before asking again.
      return;
    }
    pullInFlight = true;
    log.debug("Asking for {} tasks", want);
    long start = System.nanoTime();
    WorkerCredentials used = credentials;
    ctx.pipeToSelf(
        api.requestWork(used, new WorkRequest(want, settings.longPollWait().toMillis())),
        (b, e) -> new WorkReceived(b, e, start, used));
  }

  /**
   * Tasks to queue beyond the slots: {@code work.prefetch}; while tasks are short, enough to keep
   * the slots busy for {@code work.short-task-horizon} or for {@value #ROUND_TRIPS_AHEAD} work
   * requests' round trips, whichever is longer ({@code time x slots / task time}; at least {@code
   * short-task-prefetch} per slot, at most {@code max-prefetch}). The horizon makes requests big
   * enough that the dispatcher's cost per request (one journal write) is spread over many tasks.
   * With one request in flight, a request brings at most what was missing when it left, and a
   * dispatcher that journals every assignment answers in tens of milliseconds, while a slot may
   * run a short task in one or two.
   */
  private int prefetch() {
    boolean shortTasks =
        averageTaskMs >= 0 && averageTaskMs < settings.shortTaskThreshold().toMillis();
    if (!shortTasks) {
      return settings.prefetch();
    }
    int slotsN = settings.slots();
    double aheadMs = Math.max(ROUND_TRIPS_AHEAD * Math.max(0, averageWorkMs), settings.shortTaskHorizon().toMillis());
    long cover = (long) Math.ceil(aheadMs * slotsN / Math.max(0.1, averageTaskMs));
    long window = Math.max(settings.shortTaskPrefetch() * (long) slotsN, cover);
    return (int) Math.max(settings.prefetch(), Math.min(settings.maxPrefetch(), window));
  }

  private Behavior<Command> onWorkReceived(WorkReceived w) {
    pullInFlight = false;
    if (w.failure() != null) {
      Throwable cause = DispatcherException.unwrap(w.failure());
      if (DispatcherException.isUnknownWorker(cause)) {
        return onCredentialsRejected(new CredentialsRejected(w.used()));
      }
      Duration delay = backoff.next();
      if (!outage) {
        outage = true;
        log.warn(
            "Cannot get work from the dispatcher ({}); {} tasks keep running, retrying with backoff",
            cause.toString(),
            slots.running());
      } else {
        log.debug("Work request failed ({}); next try in {} ms", cause.toString(), delay.toMillis());
      }
      timers.startSingleTimer(PULL, Pull.INSTANCE, delay);
      return this;
    }
    backoff.reset();
    if (outage) {
      outage = false;
      log.info("The dispatcher answers again");
    }
    List<Assignment> batch =
        w.batch() == null || w.batch().assignments() == null ? List.of() : w.batch().assignments();
    double tookMs = (System.nanoTime() - w.startNanos()) / 1e6;
    if (!batch.isEmpty()) {
      averageWorkMs = averageWorkMs < 0 ? tookMs : 0.8 * averageWorkMs + 0.2 * tookMs;
    }
    if (log.isDebugEnabled()) {
      log.debug(
          "Work request answered with {} tasks in {} ms ({} running or queued, prefetch {})",
          batch.size(),
          Math.round(tookMs),
          slots.outstanding(),
          prefetch());
    }
    if (drainReplyTo != null) {
      for (Assignment a : batch) {
        statusSink.accept(new StatusUpdate(a.replica(), ReplicaState.ABORTED, "worker stopping"));
      }
      return this;
    }
    for (Assignment a : batch) {
      if (a == null || a.replica() == null) {
        log.warn("Ignoring an assignment without a replica");
      } else if (volunteer != null && volunteer.state() == Volunteer.State.WAITING) {
        // work asked for before the owner came back: hand it back at once
        giveBack(a.replica(), "withdrawn before it started: the volunteer host is not lent now (" + volunteer.describe() + ")");
      } else if (!slots.submit(a, w.used())) {
        log.debug("Replica [{}] is already here", a.replica());
      }
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - w.startNanos());
    if (batch.isEmpty() && elapsedMs < settings.longPollWait().toMillis() / 2) {
      // An empty answer long before the wait: do not spin on a dispatcher that does not long-poll.
      timers.startSingleTimer(PULL, Pull.INSTANCE, settings.backoffMin());
    } else {
      maybePull();
    }
    return this;
  }

  private Behavior<Command> onTaskFinished(TaskFinished t) {
    slots.seen();
    FinishedTask f = t.finished().task();
    if (!f.aborted()) {
      double ms = t.finished().elapsedNanos() / 1e6;
      averageTaskMs = averageTaskMs < 0 ? ms : 0.8 * averageTaskMs + 0.2 * ms;
    } else if (abortedForStop.remove(f.replica())) {
      statusSink.accept(new StatusUpdate(f.replica(), ReplicaState.ABORTED, "worker stopping"));
    }
    reporter.tell(new Reporter.Report(f));
    if (f.report() != null && f.report().withdrawn() && f.report().error() != null
        && f.report().error().startsWith(DiskFullException.PREFIX)) {
      log.warn("Handed a task back for a full disk: no work asked for {} s", DISK_FULL_PAUSE.toSeconds());
      timers.startSingleTimer(PULL, Pull.INSTANCE, DISK_FULL_PAUSE);
    }
    if (drainReplyTo != null) {
      if (slots.busy() == 0) {
        finishDrain();
      }
      return this;
    }
    maybePull();
    return this;
  }

  // ---- volunteer mode ---------------------------------------------------------------------

  /** Whether this worker may take work now: always for a dedicated one. */
  private boolean lent() {
    return volunteer == null || volunteer.decision().mayTakeWork();
  }

  private Behavior<Command> onSampleOwner() {
    if (sampling || drainReplyTo != null) {
      return this;
    }
    sampling = true;
    // reads /proc/stat and looks for the simulated owner's file: off the actor's thread
    ctx.pipeToSelf(
        CompletableFuture.supplyAsync(owner::active, runner.executor()),
        (active, e) -> new OwnerSampled(active != null && active, e));
    return this;
  }

  private Behavior<Command> onOwnerSampled(OwnerSampled o) {
    sampling = false;
    boolean active = o.active();
    if (o.failure() != null) {
      log.warn("Cannot tell whether the owner is active ({}); counting them as active", o.failure().toString());
      active = true;
    }
    Instant now = Instant.now();
    VolunteerSettings v = settings.volunteer();
    boolean inWindow = !v.policy().usesWindows() || v.windows().contains(now);
    boolean wasLent = lent();
    Volunteer.Decision d = volunteer.apply(new Volunteer.Sample(now, active, inWindow, slots.outstanding() > 0));
    // freezing and thawing wait for the container engine: on a pool thread, not this actor's
    switch (d.action()) {
      case PAUSE_TASKS -> {
        log.info("The owner is back ({}): pausing {} tasks", volunteer.describe(), slots.running());
        freezeOrThaw(slots::pauseAll);
      }
      case RESUME_TASKS -> {
        log.info("The host is lent again: resuming the tasks");
        freezeOrThaw(slots::resumeAll);
      }
      case WITHDRAW_TASKS -> withdrawAll("withdrawn: the owner kept using the host for longer than the grace of "
          + v.grace().toSeconds() + " s");
      default -> {
        if (d.state() == Volunteer.State.PAUSED) {
          // freezes replicas that started since, or could not be frozen before
          freezeOrThaw(slots::pauseAll);
        }
      }
    }
    if (!wasLent && lent()) {
      log.info("The host is lent: asking for work");
      maybePull();
    }
    return this;
  }

  /** Runs a pause or a resume of the slots on a pool thread, in the order asked (never two at once). */
  private void freezeOrThaw(Runnable op) {
    freezing = freezing.thenRunAsync(op, runner.executor()).exceptionally(e -> null);
  }

  /** Hands every replica back: running ones end as withdrawn, queued ones are reported so at once. */
  private void withdrawAll(String reason) {
    List<ReplicaRef> queued = slots.withdrawAll(reason);
    freezeOrThaw(slots::resumeAll); // lets replicas given meanwhile start
    log.info("Withdrawing every task ({}): {} never started", reason, queued.size());
    queued.forEach(r -> giveBack(r, reason));
  }

  private void giveBack(ReplicaRef r, String reason) {
    reporter.tell(new Reporter.Report(new FinishedTask(r, TaskReport.withdrawn(r, reason, 0), null)));
  }

  // ---- stopping ---------------------------------------------------------------------------

  private Behavior<Command> onDrain(Drain d) {
    if (drainReplyTo != null) {
      return this;
    }
    drainReplyTo = d.replyTo();
    timers.cancel(PULL);
    timers.cancel(REGISTER);
    for (ReplicaRef r : slots.close()) {
      statusSink.accept(new StatusUpdate(r, ReplicaState.ABORTED, "worker stopping"));
    }
    int running = slots.busy();
    if (running == 0) {
      finishDrain();
    } else {
      log.info("Stopping: waiting up to {} ms for {} running tasks", settings.stopGrace().toMillis(), running);
      timers.startSingleTimer(GRACE, GraceOver.INSTANCE, settings.stopGrace());
    }
    return this;
  }

  private Behavior<Command> onGraceOver() {
    if (drained) {
      return this;
    }
    List<ReplicaRef> aborted = slots.abortRunning();
    if (!aborted.isEmpty()) {
      log.info("Stopping: aborting {} tasks still running", aborted.size());
      abortedForStop.addAll(aborted);
    }
    return this;
  }

  private void finishDrain() {
    if (!drained) {
      drained = true;
      timers.cancelAll();
      drainReplyTo.tell(Drained.INSTANCE);
    }
  }
}
