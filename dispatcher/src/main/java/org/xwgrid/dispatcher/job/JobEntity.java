package org.xwgrid.dispatcher.job;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.xwgrid.common.CborSerializable;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.TaskList;
import org.xwgrid.common.api.ClientApi.TaskView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.WorkerApi.AppPackage;
import org.xwgrid.common.api.WorkerApi.Assignment;
import org.xwgrid.common.api.WorkerApi.StatusUpdate;
import org.xwgrid.common.api.WorkerApi.TaskReport;
import org.xwgrid.dispatcher.DispatcherSettings;
import org.xwgrid.dispatcher.Problem;
import org.xwgrid.dispatcher.job.JobState.Event;
import org.xwgrid.dispatcher.job.JobState.JobCancelled;
import org.xwgrid.dispatcher.job.JobState.JobSubmitted;
import org.xwgrid.dispatcher.job.JobState.ReplicaFailure;
import org.xwgrid.dispatcher.job.JobState.ReplicasAssigned;
import org.xwgrid.dispatcher.job.JobState.ReplicasFailed;
import org.xwgrid.dispatcher.job.JobState.TaskResult;
import org.xwgrid.dispatcher.job.JobState.TaskStatus;
import org.xwgrid.dispatcher.job.JobState.TasksCompleted;
import org.xwgrid.dispatcher.schedule.Scheduler;

/**
 * One job, the source of truth for its tasks and replicas. Sharded and remembered, so an
 * unfinished job comes back after a crash and offers its pending tasks to the scheduler again.
 * Every assignment, result and failure is journaled before it is acknowledged.
 */
public final class JobEntity
    extends EventSourcedBehaviorWithEnforcedReplies<JobEntity.Command, Event, JobState> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "Job");

  public sealed interface Command extends CborSerializable {}

  /** The caller of a user command: only the owner and admins see a job. */
  public record Caller(String user, boolean admin) implements CborSerializable {}

  public record Submit(JobSpec spec, ActorRef<StatusReply<JobView>> replyTo) implements Command {}

  /** From the scheduler: give these tasks to the worker; the answer goes to the worker's request. */
  public record Assign(String workerId, List<Integer> tasks, ActorRef<Assigned> replyTo)
      implements Command {}

  public record Assigned(List<Assignment> assignments) implements CborSerializable {
    public static final Assigned NONE = new Assigned(List.of());
  }

  public record Report(String workerId, List<TaskReport> reports, ActorRef<Reported> replyTo)
      implements Command {}

  public record Reported(List<ReplicaRef> accepted, List<ReplicaRef> ignored)
      implements CborSerializable {}

  /** A heartbeat's view of this job: the replicas the worker says it runs. */
  public record Reconcile(String workerId, List<ReplicaRef> running, ActorRef<Reconciled> replyTo)
      implements Command {}

  public record Reconciled(List<ReplicaRef> abort) implements CborSerializable {}

  /** What a worker reports of its replicas here (DOWNLOADING, COMPUTING, ...): shown, not journaled. */
  public record Progress(String workerId, List<StatusUpdate> updates) implements Command {}

  /** From the scheduler: the worker missed its heartbeats; its replicas here are lost. */
  public record WorkerLost(String workerId) implements Command {}

  public record Cancel(Caller caller, ActorRef<StatusReply<JobView>> replyTo) implements Command {}

  public record GetView(Caller caller, ActorRef<StatusReply<JobView>> replyTo) implements Command {}

  public record GetTasks(Caller caller, int from, int limit, ActorRef<StatusReply<TaskList>> replyTo)
      implements Command {}

  public record GetResult(Caller caller, int task, ActorRef<StatusReply<DataRef>> replyTo)
      implements Command {}

  /** May this worker download this blob for this job (the app archive or an input)? */
  public record MayRead(String workerId, String sha256, ActorRef<Boolean> replyTo) implements Command {}

  private enum Tick implements Command {
    INSTANCE
  }

  private enum Passivate implements Command {
    INSTANCE
  }

  /** Decide and journal the buffered assignments and reports as one write. */
  private enum Flush implements Command {
    INSTANCE
  }

  public static void init(
      ActorSystem<?> system, DispatcherSettings settings, ActorRef<Scheduler.Command> scheduler, Clock clock) {
    ClusterSharding.get(system)
        .init(
            Entity.of(ENTITY_TYPE_KEY, ctx -> create(ctx.getEntityId(), settings, scheduler, clock, ctx.getShard()))
                .withSettings(ClusterShardingSettings.create(system).withRememberEntities(true))
                .withStopMessage(Passivate.INSTANCE));
  }

  public static EntityRef<Command> ref(ActorSystem<?> system, String jobId) {
    return ClusterSharding.get(system).entityRefFor(ENTITY_TYPE_KEY, jobId);
  }

  public static Behavior<Command> create(
      String jobId,
      DispatcherSettings settings,
      ActorRef<Scheduler.Command> scheduler,
      Clock clock,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new JobEntity(jobId, settings, scheduler, clock, ctx, timers, shard)));
  }

  private final String jobId;
  private final DispatcherSettings settings;
  private final ActorRef<Scheduler.Command> scheduler;
  private final Clock clock;
  private final ActorContext<Command> ctx;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private long lastOfferAt;
  private long idleSince;
  private List<Command> batch = new ArrayList<>();
  /** The last phase a worker reported per task, with the attempt it was about (not journaled). */
  private final java.util.Map<Integer, ReplicaRef> phaseOf = new java.util.HashMap<>();
  private final java.util.Map<Integer, String> phases = new java.util.HashMap<>();
  private boolean flushScheduled;

  private JobEntity(
      String jobId,
      DispatcherSettings settings,
      ActorRef<Scheduler.Command> scheduler,
      Clock clock,
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    super(
        PersistenceId.of(ENTITY_TYPE_KEY.name(), jobId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.jobId = jobId;
    this.settings = settings;
    this.scheduler = scheduler;
    this.clock = clock;
    this.ctx = ctx;
    this.shard = shard;
    Duration tick = min(settings.offerRefresh(), settings.assignmentGrace(), Duration.ofSeconds(5));
    timers.startTimerWithFixedDelay(Tick.INSTANCE, tick);
  }

  private static Duration min(Duration a, Duration b, Duration c) {
    Duration m = a.compareTo(b) < 0 ? a : b;
    return m.compareTo(c) < 0 ? m : c;
  }

  @Override
  public JobState emptyState() {
    return JobState.empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.keepSnapshots());
  }

  @Override
  public SnapshotAdapter<JobState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(JobState state) {
        return state.toSnapshot();
      }

      @Override
      public JobState fromJournal(Object from) {
        return JobState.fromSnapshot((JobState.Snapshot) from);
      }
    };
  }

  @Override
  public SignalHandler<JobState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecovered)
        .build();
  }

  private void onRecovered(JobState s) {
    idleSince = clock.millis();
    if (s.active()) {
      offerAll(s);
    }
  }

  @Override
  public EventHandler<JobState, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(JobState::apply);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, JobState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Submit.class, this::onSubmit)
        .onCommand(Assign.class, this::buffer)
        .onCommand(Report.class, this::buffer)
        .onCommand(Flush.class, this::onFlush)
        .onCommand(Reconcile.class, this::onReconcile)
        .onCommand(WorkerLost.class, this::onWorkerLost)
        .onCommand(Progress.class, this::onProgress)
        .onCommand(Cancel.class, this::onCancel)
        .onCommand(GetView.class, (s, c) -> reply(s, c.caller(), c.replyTo(), s::view))
        .onCommand(GetTasks.class, this::onGetTasks)
        .onCommand(GetResult.class, this::onGetResult)
        .onCommand(MayRead.class, this::onMayRead)
        .onCommand(Tick.class, this::onTick)
        .onCommand(Passivate.class, (s, c) -> Effect().stop().thenNoReply())
        .build();
  }

  // ---- submit ---------------------------------------------------------------------------------

  private ReplyEffect<Event, JobState> onSubmit(JobState s, Submit c) {
    if (s.exists()) {
      return Effect().reply(c.replyTo(), StatusReply.success(s.view()));
    }
    return Effect()
        .persist(new JobSubmitted(c.spec()))
        .thenRun(this::offerAll)
        .thenReply(c.replyTo(), st -> StatusReply.success(st.view()));
  }

  // ---- assignment and results: group commit ---------------------------------------------------

  /*
   * Assign and Report are the hot path (every task passes through both). They are not journaled
   * one by one: each is buffered and decided in the next Flush, together with every other one
   * that arrived meanwhile, and the whole batch is one atomic write. While a write is in flight
   * Pekko stashes the commands, so the batch grows with the journal's latency.
   */

  private ReplyEffect<Event, JobState> buffer(JobState s, Command c) {
    batch.add(c);
    if (!flushScheduled) {
      flushScheduled = true;
      ctx.getSelf().tell(Flush.INSTANCE);
    }
    return Effect().noReply();
  }

  private ReplyEffect<Event, JobState> onFlush(JobState s, Flush f) {
    flushScheduled = false;
    List<Command> todo = batch;
    batch = new ArrayList<>();
    Set<Integer> touched = new HashSet<>(); // tasks assigned or reported in this batch
    Set<Integer> reported = new HashSet<>(); // tasks reported in this batch
    List<Event> events = new ArrayList<>();
    List<Runnable> replies = new ArrayList<>();
    List<ReplicaFailure> failed = new ArrayList<>();
    long now = clock.millis();
    for (Command c : todo) {
      if (c instanceof Assign a) {
        decideAssign(s, a, touched, events, replies, now);
      } else if (c instanceof Report r) {
        decideReport(s, r, touched, reported, events, replies, failed, now);
      }
    }
    if (events.isEmpty()) {
      replies.forEach(Runnable::run);
      return Effect().noReply();
    }
    return Effect()
        .persist(events)
        .thenRun(
            st -> {
              replies.forEach(Runnable::run);
              afterChange(st, failed);
            })
        .thenNoReply();
  }

  private void decideAssign(
      JobState s, Assign c, Set<Integer> touched, List<Event> events, List<Runnable> replies, long now) {
    List<Integer> take = new ArrayList<>(c.tasks().size());
    if (s.active()) {
      for (int i : c.tasks()) {
        // touched: another assignment of this batch took it already
        if (i >= 0 && i < s.size() && s.task(i).status() == TaskStatus.PENDING && touched.add(i)) {
          take.add(i);
        }
      }
    }
    if (take.isEmpty()) {
      replies.add(() -> c.replyTo().tell(Assigned.NONE));
      return;
    }
    events.add(new ReplicasAssigned(c.workerId(), take, now));
    Assigned reply = assignments(s, take);
    replies.add(() -> c.replyTo().tell(reply));
  }

  /** The assignments of tasks about to be assigned: their attempt is the next one. */
  private Assigned assignments(JobState s, List<Integer> tasks) {
    JobSpec spec = s.spec();
    AppPackage app =
        new AppPackage(spec.app().name(), spec.app().version(), spec.app().archive(), spec.app().entrypoint());
    List<Assignment> out = new ArrayList<>(tasks.size());
    for (int i : tasks) {
      ReplicaRef ref = new ReplicaRef(jobId, i, s.task(i).attempts() + 1);
      out.add(new Assignment(ref, app, spec.argsOf(i), spec.inputs(), spec.timeoutMs(), null));
    }
    return new Assigned(out);
  }

  private void decideReport(
      JobState s,
      Report c,
      Set<Integer> touched,
      Set<Integer> reported,
      List<Event> events,
      List<Runnable> replies,
      List<ReplicaFailure> failedAll,
      long now) {
    List<ReplicaRef> accepted = new ArrayList<>();
    List<ReplicaRef> ignored = new ArrayList<>();
    List<TaskResult> done = new ArrayList<>();
    List<ReplicaFailure> failed = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (TaskReport r : c.reports()) {
      ReplicaRef ref = r.replica();
      int i = ref.taskIndex();
      boolean mine =
          s.exists()
              && jobId.equals(ref.jobId())
              && i >= 0
              && i < s.size()
              && c.workerId().equals(s.task(i).workerOfAttempt(ref.attempt()))
              && seen.add(i);
      // reported: another report of this batch settled this task already (a resent report, or
      // a late attempt racing the current one); this one is dropped, the task is not counted
      // twice. A report wins over an assignment of the same batch: assignments decided after it
      // skip the task (touched), one decided before it is journaled first and then superseded.
      if (!mine || s.task(i).status().terminal() || !reported.add(i)) {
        ignored.add(ref);
        continue;
      }
      touched.add(i);
      JobState.Task t = s.task(i);
      boolean current = t.status() == TaskStatus.RUNNING && ref.attempt() == t.attempts();
      if (r.success() && validResult(r)) {
        // A late result of an earlier attempt still counts: the task is not finished yet.
        done.add(new TaskResult(i, ref.attempt(), r.result(), r.resultDigest(), r.elapsedMs()));
        accepted.add(ref);
      } else if (current) {
        failed.add(new ReplicaFailure(i, ref.attempt(), failureReason(r)));
        accepted.add(ref);
      } else {
        ignored.add(ref);
      }
    }
    if (!done.isEmpty()) {
      events.add(new TasksCompleted(c.workerId(), done, now));
    }
    if (!failed.isEmpty()) {
      events.add(new ReplicasFailed(c.workerId(), failed, now));
      failedAll.addAll(failed);
    }
    Reported reply = new Reported(accepted, ignored);
    replies.add(() -> c.replyTo().tell(reply));
  }

  private static boolean validResult(TaskReport r) {
    return r.result() != null && Hashes.isSha256(r.result().sha256()) && Hashes.isSha256(r.resultDigest());
  }

  private static String failureReason(TaskReport r) {
    String e = r.success() ? "report without a valid result and digest" : r.error();
    String reason = (e == null || e.isBlank() ? "failed" : e) + " (exit " + r.exitCode() + ")";
    return reason.length() > 2000 ? reason.substring(0, 2000) : reason;
  }

  /** After failures were journaled: requeue what can run again, tell the scheduler when done. */
  private void afterChange(JobState s, List<ReplicaFailure> failed) {
    if (!s.active()) {
      idleSince = clock.millis();
      scheduler.tell(new Scheduler.Withdraw(jobId));
      return;
    }
    List<Integer> again = new ArrayList<>();
    for (ReplicaFailure f : failed) {
      if (s.task(f.task()).status() == TaskStatus.PENDING) {
        again.add(f.task());
      }
    }
    if (!again.isEmpty()) {
      scheduler.tell(new Scheduler.Add(jobId, s.spec().requirements(), again));
    }
  }

  // ---- liveness -------------------------------------------------------------------------------

  private ReplyEffect<Event, JobState> onReconcile(JobState s, Reconcile c) {
    List<ReplicaRef> abort = new ArrayList<>();
    java.util.Set<Integer> listed = new java.util.HashSet<>();
    for (ReplicaRef r : c.running()) {
      int i = r.taskIndex();
      boolean known = s.exists() && jobId.equals(r.jobId()) && i >= 0 && i < s.size();
      if (!known || s.task(i).status().terminal()) {
        abort.add(r);
      } else {
        listed.add(i);
      }
    }
    List<ReplicaFailure> lost = new ArrayList<>();
    long now = clock.millis();
    if (s.exists()) {
      for (int i : s.runningOn(c.workerId())) {
        JobState.Task t = s.task(i);
        if (!listed.contains(i) && now - t.assignedAt() > settings.assignmentGrace().toMillis()) {
          lost.add(new ReplicaFailure(i, t.attempts(), "the worker does not run it (assignment lost)"));
        }
      }
    }
    Reconciled reply = new Reconciled(abort);
    if (lost.isEmpty()) {
      return Effect().reply(c.replyTo(), reply);
    }
    return Effect()
        .persist(new ReplicasFailed(c.workerId(), lost, now))
        .thenRun(st -> afterChange(st, lost))
        .thenReply(c.replyTo(), st -> reply);
  }

  private ReplyEffect<Event, JobState> onProgress(JobState s, Progress c) {
    for (StatusUpdate u : c.updates()) {
      ReplicaRef r = u.replica();
      int i = r.taskIndex();
      boolean current =
          s.exists()
              && jobId.equals(r.jobId())
              && i >= 0
              && i < s.size()
              && s.task(i).status() == TaskStatus.RUNNING
              && c.workerId().equals(s.task(i).worker())
              && r.attempt() == s.task(i).attempts();
      if (current) {
        phaseOf.put(i, r);
        phases.put(i, u.state().name());
      }
    }
    return Effect().noReply();
  }

  /** The reported phase of task i's current replica, or null. */
  private String phase(JobState s, int i) {
    ReplicaRef r = phaseOf.get(i);
    if (r == null || r.attempt() != s.task(i).attempts()) {
      return null;
    }
    return phases.get(i);
  }

  private ReplyEffect<Event, JobState> onWorkerLost(JobState s, WorkerLost c) {
    List<ReplicaFailure> lost = new ArrayList<>();
    if (s.exists()) {
      for (int i : s.runningOn(c.workerId())) {
        lost.add(new ReplicaFailure(i, s.task(i).attempts(), "worker lost (no heartbeat)"));
      }
    }
    if (lost.isEmpty()) {
      return Effect().noReply();
    }
    ctx.getLog().info("Job [{}]: worker [{}] lost, requeueing {} task(s)", jobId, c.workerId(), lost.size());
    return Effect()
        .persist(new ReplicasFailed(c.workerId(), lost, clock.millis()))
        .thenRun(st -> afterChange(st, lost))
        .thenNoReply();
  }

  private ReplyEffect<Event, JobState> onTick(JobState s, Tick c) {
    long now = clock.millis();
    if (!s.active()) {
      if (!s.exists() || now - idleSince > settings.finishedIdle().toMillis()) {
        shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
        idleSince = Long.MAX_VALUE / 2;
      }
      return Effect().noReply();
    }
    List<ReplicaFailure> overdue = new ArrayList<>();
    long limit = s.spec().timeoutMs() + settings.replicaDeadlineGrace().toMillis();
    for (int i : s.running()) {
      JobState.Task t = s.task(i);
      if (now - t.assignedAt() > limit) {
        overdue.add(new ReplicaFailure(i, t.attempts(), "replica deadline passed"));
      }
    }
    if (!overdue.isEmpty()) {
      return Effect()
          .persist(new ReplicasFailed("-", overdue, now))
          .thenRun(st -> afterChange(st, overdue))
          .thenNoReply();
    }
    long refresh = settings.offerRefresh().toMillis();
    if (s.count(TaskStatus.PENDING) > 0
        && now - s.lastAssignedAt() > refresh
        && now - lastOfferAt > refresh) {
      offerAll(s);
    }
    return Effect().noReply();
  }

  /** Tells the scheduler the whole truth: every pending task and every worker holding a replica. */
  private void offerAll(JobState s) {
    lastOfferAt = clock.millis();
    Set<String> holders = s.holders();
    scheduler.tell(new Scheduler.Offer(jobId, s.spec().requirements(), s.pending(), List.copyOf(holders)));
  }

  // ---- user commands --------------------------------------------------------------------------

  private ReplyEffect<Event, JobState> onCancel(JobState s, Cancel c) {
    if (!visible(s, c.caller())) {
      return Effect().reply(c.replyTo(), unknown());
    }
    if (!s.active()) {
      return Effect().reply(c.replyTo(), StatusReply.success(s.view()));
    }
    return Effect()
        .persist(new JobCancelled(c.caller().user(), clock.millis()))
        .thenRun(st -> afterChange(st, List.of()))
        .thenReply(c.replyTo(), st -> StatusReply.success(st.view()));
  }

  private ReplyEffect<Event, JobState> onGetTasks(JobState s, GetTasks c) {
    return reply(
        s,
        c.caller(),
        c.replyTo(),
        () -> {
          int from = Math.max(0, c.from());
          int to = (int) Math.min(s.size(), (long) from + Math.max(0, c.limit()));
          List<TaskView> out = new ArrayList<>(Math.max(0, to - from));
          for (int i = from; i < to; i++) {
            out.add(s.taskView(i, phase(s, i)));
          }
          return new TaskList(jobId, out);
        });
  }

  private ReplyEffect<Event, JobState> onGetResult(JobState s, GetResult c) {
    idleSince = clock.millis();
    if (!visible(s, c.caller())) {
      return Effect().reply(c.replyTo(), unknown());
    }
    if (c.task() < 0 || c.task() >= s.size()) {
      return Effect().reply(c.replyTo(), Problem.notFound("job " + jobId + " has no task " + c.task()).asReply());
    }
    DataRef r = s.task(c.task()).result();
    return r == null
        ? Effect().reply(c.replyTo(), Problem.notFound("task " + c.task() + " has no result yet").asReply())
        : Effect().reply(c.replyTo(), StatusReply.success(r));
  }

  private ReplyEffect<Event, JobState> onMayRead(JobState s, MayRead c) {
    boolean ok =
        s.active()
            && (s.spec().app().archive().sha256().equals(c.sha256())
                || s.spec().inputs().stream().anyMatch(d -> d.sha256().equals(c.sha256())));
    return Effect().reply(c.replyTo(), ok);
  }

  private <T> ReplyEffect<Event, JobState> reply(
      JobState s, Caller caller, ActorRef<StatusReply<T>> replyTo, java.util.function.Supplier<T> view) {
    idleSince = clock.millis(); // a finished job stays in memory while it is being looked at
    if (!visible(s, caller)) {
      return Effect().reply(replyTo, unknown());
    }
    return Effect().reply(replyTo, StatusReply.success(view.get()));
  }

  private static boolean visible(JobState s, Caller caller) {
    return s.exists() && (caller.admin() || s.spec().owner().equals(caller.user()));
  }

  private <T> StatusReply<T> unknown() {
    return Problem.notFound("unknown job '" + jobId + "'").asReply();
  }
}
