package org.xwgrid.dispatcher.job;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
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
import org.xwgrid.dispatcher.ledger.LedgerEntity;
import org.xwgrid.dispatcher.schedule.Scheduler;
import org.xwgrid.dispatcher.worker.WorkerEntity;
import org.xwgrid.common.api.WorkerApi;
import org.xwgrid.common.poco.Ledger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

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

  /**
   * From the scheduler: give these tasks to the worker; the answer goes to the worker's request.
   * A certified job also needs the worker's address and score.
   */
  /**
   * ({@code slots}: the worker's slots, which bound the certified replicas it may hold here at
   * once, 0 for no bound.)
   */
  public record Assign(
      String workerId, List<Integer> tasks, ActorRef<Assigned> replyTo, String address, long score, int slots)
      implements Command {
    public Assign(String workerId, List<Integer> tasks, ActorRef<Assigned> replyTo) {
      this(workerId, tasks, replyTo, null, 0, 0);
    }
  }

  public record Assigned(List<Assignment> assignments) implements CborSerializable {
    public static final Assigned NONE = new Assigned(List.of());
  }

  /**
   * A worker's reports. Contributions to a certified job also need the worker's owner (whose
   * account stakes) and its score now.
   */
  public record Report(String workerId, List<TaskReport> reports, ActorRef<Reported> replyTo, String owner, long score)
      implements Command {
    public Report(String workerId, List<TaskReport> reports, ActorRef<Reported> replyTo) {
      this(workerId, reports, replyTo, null, 0);
    }
  }

  /** A worker's reveals (and upload) of certified replicas; answered like a report. */
  public record RevealResults(String workerId, List<WorkerApi.Reveal> reveals, ActorRef<Reported> replyTo)
      implements Command {}

  public record Reported(List<ReplicaRef> accepted, List<ReplicaRef> ignored)
      implements CborSerializable {}

  /** A heartbeat's view of this job: the replicas the worker says it runs. */
  public record Reconcile(String workerId, List<ReplicaRef> running, ActorRef<Reconciled> replyTo)
      implements Command {}

  /** Replicas to stop or forget, and certified ones to reveal or upload. */
  public record Reconciled(List<ReplicaRef> abort, List<ReplicaRef> reveal, List<ReplicaRef> upload)
      implements CborSerializable {
    public Reconciled(List<ReplicaRef> abort) {
      this(abort, List.of(), List.of());
    }
  }

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

  /**
   * The result of a task of an on-chain deal, for anyone: the hub's finalize publishes its
   * location (the requester reads it without a grid account). Not found for other jobs.
   */
  public record GetDealResult(int task, ActorRef<StatusReply<DataRef>> replyTo) implements Command {}

  /** The oracle's read of the grid side of its deal: every task, with what the hub needs of it. */
  public record GetChainView(ActorRef<StatusReply<ChainView>> replyTo) implements Command {}

  /** A replica as the hub needs it: commitment, relay signatures, revealed digest. */
  public record ChainReplica(
      String worker,
      String address,
      String status,
      String resultHash,
      String resultSeal,
      String contributionSign,
      String digest,
      String revealSign)
      implements CborSerializable {}

  /** One task: its id on the hub, grid phase (null before its first replica), consensus and result. */
  public record ChainTask(int index, String taskId, String phase, String consensus, List<ChainReplica> replicas, DataRef result)
      implements CborSerializable {}

  public record ChainView(String dealId, List<ChainTask> tasks) implements CborSerializable {}

  /** The oracle tells what it read of task {@code task} on the hub ({@link JobState.ChainObserved}). */
  public record ObserveChain(int task, String status, String consensus, List<String> contributed) implements Command {}

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

  /** A ledger call the job waits for (other commands are stashed meanwhile). */
  private sealed interface LedgerAnswer extends Command permits Funding, Staked {}

  /** The requester's price was locked ({@code failure} null), refused, or the call failed. */
  private record Funding(Throwable failure, ActorRef<StatusReply<JobView>> replyTo) implements LedgerAnswer {}

  /** The stakes of a report's contributions: per contribution null (locked) or the refusal. */
  private record Staked(Report report, CertifiedTasks.Judgement judgement, List<Throwable> outcomes, long at)
      implements LedgerAnswer {}

  /** A finished certified task's credits and scores were settled ({@code failure} null) or not. */
  private record Settled(int task, Throwable failure) implements Command {}

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
    return create(jobId, settings, scheduler, clock, shard, null, null, new java.security.SecureRandom());
  }

  /**
   * @param ledger the ledger (null: the sharded one), for certified jobs
   * @param workers the worker entities (null: the sharded ones), whose scores certified jobs change
   * @param random draws the revealer that uploads
   */
  public static Behavior<Command> create(
      String jobId,
      DispatcherSettings settings,
      ActorRef<Scheduler.Command> scheduler,
      Clock clock,
      ActorRef<ClusterSharding.ShardCommand> shard,
      RecipientRef<LedgerEntity.Command> ledger,
      Function<String, RecipientRef<WorkerEntity.Command>> workers,
      RandomGenerator random) {
    return Behaviors.setup(
        ctx -> {
          Peers peers =
              new Peers(
                  ledger != null ? () -> ledger : () -> LedgerEntity.ref(ctx.getSystem()),
                  workers != null ? workers : id -> WorkerEntity.ref(ctx.getSystem(), id),
                  random);
          return Behaviors.withTimers(
              timers -> new JobEntity(jobId, settings, scheduler, clock, ctx, timers, shard, peers));
        });
  }

  /** Whom a certified job talks to besides the scheduler. */
  private record Peers(
      Supplier<RecipientRef<LedgerEntity.Command>> ledger,
      Function<String, RecipientRef<WorkerEntity.Command>> workers,
      RandomGenerator random) {}

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
  private final Peers peers;
  /** A ledger call is in flight: every other command waits in the stash. */
  private boolean awaitingLedger;
  /** Certified tasks whose settlement is in flight. */
  private final Set<Integer> settling = new HashSet<>();

  private JobEntity(
      String jobId,
      DispatcherSettings settings,
      ActorRef<Scheduler.Command> scheduler,
      Clock clock,
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      ActorRef<ClusterSharding.ShardCommand> shard,
      Peers peers) {
    super(
        PersistenceId.of(ENTITY_TYPE_KEY.name(), jobId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.jobId = jobId;
    this.settings = settings;
    this.scheduler = scheduler;
    this.clock = clock;
    this.ctx = ctx;
    this.shard = shard;
    this.peers = peers;
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
    if (s.active() && !s.funded()) {
      fund(s, null);
    } else if (s.active()) {
      offerAll(s);
    }
    settle(s);
  }

  @Override
  public EventHandler<JobState, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(JobState::apply);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, JobState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(c -> awaitingLedger && c instanceof Tick, (s, c) -> Effect().noReply())
        .onCommand(c -> awaitingLedger && !(c instanceof LedgerAnswer), (s, c) -> Effect().stash())
        .onCommand(Funding.class, this::onFunding)
        .onCommand(Staked.class, this::onStaked)
        .onCommand(Settled.class, this::onSettled)
        .onCommand(Submit.class, this::onSubmit)
        .onCommand(Assign.class, (s, c) -> certified(s) ? onAssignCertified(s, c) : buffer(s, c))
        .onCommand(Report.class, (s, c) -> certified(s) ? onReportCertified(s, c) : buffer(s, c))
        .onCommand(RevealResults.class, this::onReveal)
        .onCommand(Flush.class, this::onFlush)
        .onCommand(Reconcile.class, this::onReconcile)
        .onCommand(WorkerLost.class, this::onWorkerLost)
        .onCommand(Progress.class, this::onProgress)
        .onCommand(Cancel.class, this::onCancel)
        .onCommand(GetView.class, (s, c) -> reply(s, c.caller(), c.replyTo(), s::view))
        .onCommand(GetTasks.class, this::onGetTasks)
        .onCommand(GetResult.class, this::onGetResult)
        .onCommand(MayRead.class, this::onMayRead)
        .onCommand(GetDealResult.class, this::onGetDealResult)
        .onCommand(GetChainView.class, this::onGetChainView)
        .onCommand(ObserveChain.class, this::onObserveChain)
        .onCommand(Tick.class, this::onTick)
        .onCommand(Passivate.class, (s, c) -> Effect().stop().thenNoReply())
        .build();
  }

  // ---- submit ---------------------------------------------------------------------------------

  private ReplyEffect<Event, JobState> onSubmit(JobState s, Submit c) {
    if (s.exists()) {
      return Effect().reply(c.replyTo(), StatusReply.success(s.view()));
    }
    if (c.spec().isCertified() && c.spec().price() > 0) {
      awaitingLedger = true; // the job starts once the requester's price is locked
      return Effect().persist(new JobSubmitted(c.spec())).thenRun(st -> fund(st, c.replyTo())).thenNoReply();
    }
    return Effect()
        .persist(new JobSubmitted(c.spec()))
        .thenRun(this::offerAll)
        .thenReply(c.replyTo(), st -> StatusReply.success(st.view()));
  }

  // ---- certified jobs: the requester's price ------------------------------------------------

  private static boolean certified(JobState s) {
    return s.exists() && s.spec().isCertified();
  }

  /** Locks price × tasks of the requester's credits, once per job whatever the retries. */
  private void fund(JobState s, ActorRef<StatusReply<JobView>> replyTo) {
    awaitingLedger = true;
    JobSpec spec = s.spec();
    long amount = Math.multiplyExact(spec.price(), (long) spec.tasks());
    List<Ledger.Op> ops = List.of(new Ledger.Lock(CertifiedTasks.userAccount(spec.owner()), amount));
    ctx.pipeToSelf(ledger("fund:" + jobId, ops), (ok, failure) -> new Funding(failure, replyTo));
  }

  private CompletionStage<LedgerEntity.Applied> ledger(String key, List<Ledger.Op> ops) {
    return AskPattern.<LedgerEntity.Command, StatusReply<LedgerEntity.Applied>>ask(
            peers.ledger().get(), reply -> new LedgerEntity.Apply(key, ops, clock.millis(), reply), settings.askTimeout(), ctx.getSystem().scheduler())
        .thenApply(StatusReply::getValue);
  }

  private ReplyEffect<Event, JobState> onFunding(JobState s, Funding f) {
    awaitingLedger = false;
    Problem refused = f.failure() == null ? null : Problem.of(f.failure());
    if (f.failure() == null) {
      return Effect()
          .persist(new JobState.JobFunded(clock.millis()))
          .thenRun(this::offerAll)
          .thenReply(f.replyTo() == null ? ctx.getSystem().ignoreRef() : f.replyTo(), st -> StatusReply.success(st.view()))
          .thenUnstashAll();
    }
    if (refused != null && refused.status() == 402) {
      ctx.getLog().info("Job [{}]: payment refused: {}", jobId, refused.getMessage());
      return Effect()
          .persist(new JobState.PaymentRefused(refused.getMessage(), clock.millis()))
          .thenRun(st -> afterChange(st, List.of()))
          .thenReply(
              f.replyTo() == null ? ctx.getSystem().ignoreRef() : f.replyTo(),
              st -> new Problem(402, "the price of the job cannot be locked: " + refused.getMessage()).asReply())
          .thenUnstashAll();
    }
    ctx.getLog().warn("Job [{}]: locking the price failed, retrying: {}", jobId, f.failure().toString());
    fund(s, f.replyTo());
    return Effect().noReply();
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
        new AppPackage(spec.app().name(), spec.app().version(), spec.app().archive(), spec.app().entrypoint(),
            spec.app().kind(), spec.app().image());
    List<Assignment> out = new ArrayList<>(tasks.size());
    for (int i : tasks) {
      ReplicaRef ref = new ReplicaRef(jobId, i, s.task(i).attempts() + 1);
      String taskId = spec.isCertified() ? spec.taskId(i) : null;
      out.add(new Assignment(ref, app, spec.argsOf(i), spec.inputs(), spec.timeoutMs(), null, taskId, spec.chain(), spec.limits()));
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
        done.add(new TaskResult(i, ref.attempt(), r.result(), r.resultDigest(), r.elapsedMs(), r.cpuMs(), r.peakMemoryBytes()));
        accepted.add(ref);
      } else if (current) {
        failed.add(new ReplicaFailure(i, ref.attempt(), failureReason(r), r.withdrawn()));
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
    String reason = (e == null || e.isBlank() ? "failed" : e) + (r.withdrawn() ? "" : " (exit " + r.exitCode() + ")");
    return reason.length() > 2000 ? reason.substring(0, 2000) : reason;
  }

  /** After failures were journaled: requeue what can run again, tell the scheduler when done. */
  private void afterChange(JobState s, List<ReplicaFailure> failed) {
    settle(s);
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

  // ---- certified jobs: replicas, contributions, reveals --------------------------------------

  /*
   * A certified job's assignments and reports are journaled one command at a time (not grouped):
   * each decision moves the optimistic prediction and the vote, which the next one must see.
   */

  private ReplyEffect<Event, JobState> onAssignCertified(JobState s, Assign c) {
    long now = clock.millis();
    List<Integer> take = CertifiedTasks.tasksFor(s, c.workerId(), c.address(), c.slots(), c.tasks(), now);
    ctx.getLog().debug("Job [{}]: worker [{}] (score {}) asked {}, gets {}", jobId, c.workerId(), c.score(), c.tasks(), take);
    if (take.isEmpty()) {
      reoffer(s, c.tasks(), now);
      return Effect().reply(c.replyTo(), Assigned.NONE);
    }
    Assigned reply = assignments(s, take);
    List<Integer> touched = new ArrayList<>(c.tasks());
    touched.addAll(take);
    return Effect()
        .persist(new ReplicasAssigned(c.workerId(), take, now, c.address(), org.xwgrid.common.poco.Poco.weight(c.score())))
        .thenRun(st -> reoffer(st, touched, now))
        .thenReply(c.replyTo(), st -> reply);
  }

  /** Tasks that still want replicas go back to the scheduler's queue. */
  private void reoffer(JobState s, List<Integer> tasks, long now) {
    if (!s.schedulable()) {
      return;
    }
    List<Integer> again = new ArrayList<>();
    for (int i : new java.util.LinkedHashSet<>(tasks)) {
      if (i >= 0 && i < s.size() && s.wantsReplica(i, now)) {
        again.add(i);
      }
    }
    if (!again.isEmpty()) {
      scheduler.tell(new Scheduler.Add(jobId, s.spec().requirements(), again));
    }
  }

  private ReplyEffect<Event, JobState> onReportCertified(JobState s, Report c) {
    long now = clock.millis();
    CertifiedTasks.Judgement j = CertifiedTasks.judgeReports(s, jobId, c.workerId(), c.score(), c.reports(), now);
    ctx.getLog().debug("Job [{}]: worker [{}] reports {}: {}", jobId, c.workerId(), c.reports(), j);
    long stake = s.spec().stake();
    if (j.contributions().isEmpty() || stake == 0) {
      return journalContributions(c, j, List.of(), now);
    }
    awaitingLedger = true; // every contribution locks its stake first
    String account = CertifiedTasks.userAccount(c.owner());
    List<CompletableFuture<Throwable>> all = new ArrayList<>();
    for (JobState.Contribution x : j.contributions()) {
      String key = "stake:" + jobId + ":" + x.task() + ":" + x.attempt();
      all.add(
          ledger(key, List.of(new Ledger.Lock(account, stake)))
              .handle((ok, failure) -> failure)
              .toCompletableFuture());
    }
    ctx.pipeToSelf(
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)),
        (v, e) -> new Staked(c, j, all.stream().map(CompletableFuture::join).toList(), now));
    return Effect().noReply();
  }

  private ReplyEffect<Event, JobState> onStaked(JobState s, Staked st) {
    awaitingLedger = false;
    return journalContributions(st.report(), st.judgement(), st.outcomes(), st.at()).thenUnstashAll();
  }

  /** Journals the contributions whose stake is locked; those refused fail their replica. */
  private ReplyEffect<Event, JobState> journalContributions(
      Report c, CertifiedTasks.Judgement j, List<Throwable> stakes, long now) {
    List<JobState.Contribution> ok = new ArrayList<>();
    List<ReplicaFailure> failed = new ArrayList<>(j.failures());
    List<ReplicaRef> accepted = new ArrayList<>(j.accepted());
    for (int k = 0; k < j.contributions().size(); k++) {
      JobState.Contribution x = j.contributions().get(k);
      Throwable no = k < stakes.size() ? stakes.get(k) : null;
      Problem p = no == null ? null : Problem.of(no);
      if (no == null) {
        ok.add(x);
      } else if (p != null && p.status() == 402) {
        failed.add(new ReplicaFailure(x.task(), x.attempt(), "the stake could not be locked: " + p.getMessage()));
      } else {
        // the ledger did not answer: unacknowledged, the worker sends it again (the lock is keyed)
        ctx.getLog().warn("Job [{}]: locking the stake of {} failed, the worker will resend: {}", jobId, x, no.toString());
        accepted.remove(new ReplicaRef(jobId, x.task(), x.attempt()));
      }
    }
    List<Event> events = new ArrayList<>();
    if (!ok.isEmpty()) {
      events.add(new JobState.Contributed(c.workerId(), ok, now, CertifiedTasks.userAccount(c.owner())));
    }
    if (!failed.isEmpty()) {
      events.add(new ReplicasFailed(c.workerId(), failed, now));
    }
    Reported reply = new Reported(accepted, j.ignored());
    if (events.isEmpty()) {
      return Effect().reply(c.replyTo(), reply);
    }
    List<Integer> touched = new ArrayList<>();
    ok.forEach(x -> touched.add(x.task()));
    failed.forEach(x -> touched.add(x.task()));
    return Effect()
        .persist(events)
        .thenRun(st -> afterCertifiedChange(st, touched))
        .thenReply(c.replyTo(), st -> reply);
  }

  private ReplyEffect<Event, JobState> onReveal(JobState s, RevealResults c) {
    if (!certified(s)) {
      return Effect().reply(c.replyTo(), new Reported(List.of(), c.reveals().stream().map(WorkerApi.Reveal::replica).toList()));
    }
    CertifiedTasks.RevealJudgement j =
        CertifiedTasks.judgeReveals(s, jobId, c.workerId(), c.reveals(), clock.millis(), peers.random());
    ctx.getLog().debug("Job [{}]: worker [{}] reveals {}: {}", jobId, c.workerId(), c.reveals(), j);
    Reported reply = new Reported(j.accepted(), j.ignored());
    if (j.events().isEmpty()) {
      return Effect().reply(c.replyTo(), reply);
    }
    List<Integer> touched = c.reveals().stream().map(r -> r.replica().taskIndex()).toList();
    return Effect()
        .persist(j.events())
        .thenRun(st -> afterCertifiedChange(st, touched))
        .thenReply(c.replyTo(), st -> reply);
  }

  /** After a certified change: tasks wanting replicas are offered, finished ones settled. */
  private void afterCertifiedChange(JobState s, List<Integer> touched) {
    reoffer(s, touched, clock.millis());
    settle(s);
    if (!s.active()) {
      idleSince = clock.millis();
      scheduler.tell(new Scheduler.Withdraw(jobId));
    }
  }

  // ---- certified jobs: settlement -------------------------------------------------------------

  /**
   * Settles every finished certified task not settled yet: its ledger operations (once, by the
   * task's key), then its contributors' scores (once per task each), then {@link
   * JobState.TaskSettled}. Retried on every tick until it holds, so a crash in between settles
   * it after the restart, and nothing is paid twice.
   */
  private void settle(JobState s) {
    for (int i : s.unsettled()) {
      if (!settling.add(i)) {
        continue;
      }
      CertifiedTasks.Settling x = CertifiedTasks.settlement(s, i);
      String key = "settle:" + jobId + ":" + i;
      CompletionStage<?> paid = x.ops().isEmpty() ? CompletableFuture.completedFuture(null) : ledger(key, x.ops());
      long now = clock.millis();
      CompletionStage<?> done =
          paid.thenCompose(
              v -> {
                List<CompletableFuture<WorkerEntity.Scored>> scores = new ArrayList<>();
                x.scores().forEach(
                    (worker, won) ->
                        scores.add(
                            AskPattern.<WorkerEntity.Command, WorkerEntity.Scored>ask(
                                    peers.workers().apply(worker),
                                    reply -> new WorkerEntity.Score(key, won, x.replicated(), now, reply),
                                    settings.askTimeout(),
                                    ctx.getSystem().scheduler())
                                .thenApply(
                                    sc -> {
                                      scheduler.tell(new Scheduler.WorkerScored(worker, sc.score()));
                                      return sc;
                                    })
                                .toCompletableFuture()));
                return CompletableFuture.allOf(scores.toArray(CompletableFuture[]::new));
              });
      ctx.pipeToSelf(done, (v, failure) -> new Settled(i, failure));
    }
  }

  private ReplyEffect<Event, JobState> onSettled(JobState s, Settled c) {
    settling.remove(c.task());
    if (c.failure() != null) {
      ctx.getLog().warn("Job [{}]: settling task {} failed, will retry: {}", jobId, c.task(), c.failure().toString());
      return Effect().noReply();
    }
    if (s.task(c.task()).settled()) {
      return Effect().noReply();
    }
    return Effect().persist(new JobState.TaskSettled(c.task(), clock.millis())).thenNoReply();
  }

  // ---- liveness -------------------------------------------------------------------------------

  private ReplyEffect<Event, JobState> onReconcile(JobState s, Reconcile c) {
    if (certified(s)) {
      CertifiedTasks.Reconciliation r =
          CertifiedTasks.reconcile(s, jobId, c.workerId(), c.running(), clock.millis(), settings.assignmentGrace().toMillis());
      ctx.getLog().debug("Job [{}]: worker [{}] holds {}: {}", jobId, c.workerId(), c.running(), r);
      Reconciled reply = new Reconciled(r.abort(), r.reveal(), r.upload());
      if (r.lost().isEmpty()) {
        return Effect().reply(c.replyTo(), reply);
      }
      List<Integer> touched = r.lost().stream().map(ReplicaFailure::task).toList();
      return Effect()
          .persist(new ReplicasFailed(c.workerId(), r.lost(), clock.millis()))
          .thenRun(st -> afterCertifiedChange(st, touched))
          .thenReply(c.replyTo(), st -> reply);
    }
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
          // the worker's loss (it restarted, a message was lost), not the task's failure
          lost.add(new ReplicaFailure(i, t.attempts(), "the worker does not run it (assignment lost)", true));
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
        lost.add(new ReplicaFailure(i, s.task(i).attemptOf(c.workerId()), "worker lost (no heartbeat)"));
      }
    }
    if (lost.isEmpty()) {
      return Effect().noReply();
    }
    ctx.getLog().info("Job [{}]: worker [{}] lost, requeueing {} task(s)", jobId, c.workerId(), lost.size());
    List<Integer> touched = lost.stream().map(ReplicaFailure::task).toList();
    return Effect()
        .persist(new ReplicasFailed(c.workerId(), lost, clock.millis()))
        .thenRun(st -> {
          if (certified(st)) {
            afterCertifiedChange(st, touched);
          } else {
            afterChange(st, lost);
          }
        })
        .thenNoReply();
  }

  private ReplyEffect<Event, JobState> onTick(JobState s, Tick c) {
    long now = clock.millis();
    settle(s);
    if (certified(s) && s.active()) {
      return onTickCertified(s, now);
    }
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

  private ReplyEffect<Event, JobState> onTickCertified(JobState s, long now) {
    long limit = s.spec().timeoutMs() + settings.replicaDeadlineGrace().toMillis();
    List<Event> events =
        CertifiedTasks.deadlines(s, now, limit, settings.poco().uploadTimeout().toMillis(), peers.random());
    if (!events.isEmpty()) {
      return Effect().persist(events).thenRun(st -> afterCertifiedChange(st, st.ready(now))).thenNoReply();
    }
    if (s.funded() && now - lastOfferAt > settings.offerRefresh().toMillis()) {
      offerAll(s); // pending replicas expire, so the tasks wanting one change with time alone
    }
    return Effect().noReply();
  }

  /** Tells the scheduler the whole truth: every ready task and every worker holding a replica. */
  private void offerAll(JobState s) {
    lastOfferAt = clock.millis();
    Set<String> holders = s.holders();
    scheduler.tell(new Scheduler.Offer(jobId, s.spec().requirements(), s.ready(lastOfferAt), List.copyOf(holders)));
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

  private ReplyEffect<Event, JobState> onGetDealResult(JobState s, GetDealResult c) {
    if (!s.exists() || s.spec().chain() == null || c.task() < 0 || c.task() >= s.size()) {
      return Effect().reply(c.replyTo(), Problem.notFound("no such result").asReply());
    }
    return onGetResult(s, new GetResult(new Caller(s.spec().owner(), false), c.task(), c.replyTo()));
  }

  // ---- the grid side of an on-chain deal --------------------------------------------------------

  private ReplyEffect<Event, JobState> onGetChainView(JobState s, GetChainView c) {
    if (!s.exists() || s.spec().chain() == null) {
      return Effect().reply(c.replyTo(), Problem.notFound("job " + jobId + " is not the grid side of a deal").asReply());
    }
    List<ChainTask> tasks = new ArrayList<>(s.size());
    for (int i = 0; i < s.size(); i++) {
      ReplicatedTask p = s.task(i).poco();
      List<ChainReplica> replicas = new ArrayList<>();
      if (p != null) {
        for (ReplicatedTask.Replica r : p.replicas()) {
          replicas.add(new ChainReplica(r.worker(), r.address(), r.status().name(), r.resultHash(), r.resultSeal(),
              r.contributionSign(), r.digest(), r.revealSign()));
        }
      }
      tasks.add(new ChainTask(i, s.spec().taskId(i), p == null ? null : p.phase().name(), p == null ? null : p.consensusHash(),
          replicas, s.task(i).result()));
    }
    return Effect().reply(c.replyTo(), StatusReply.success(new ChainView(s.spec().dealId(), tasks)));
  }

  private ReplyEffect<Event, JobState> onObserveChain(JobState s, ObserveChain c) {
    if (!s.exists() || s.spec().chain() == null || c.task() < 0 || c.task() >= s.size() || s.task(c.task()).status().terminal()) {
      return Effect().noReply();
    }
    if ("FAILED".equals(c.status())) {
      return Effect()
          .persist(new JobState.TaskFailed(c.task(), "failed on chain (claimed past its final deadline)", clock.millis()))
          .thenRun(st -> afterCertifiedChange(st, List.of(c.task())))
          .thenNoReply();
    }
    ReplicatedTask p = s.task(c.task()).poco();
    List<String> contributed = c.contributed().stream().map(a -> a.toLowerCase(java.util.Locale.ROOT)).sorted().toList();
    if (p != null
        && c.status().equals(p.chainStatus())
        && p.chainContributed().containsAll(contributed)
        && !("REVEALING".equals(c.status()) && p.phase() == ReplicatedTask.Phase.OPEN)) {
      return Effect().noReply(); // nothing new
    }
    return Effect()
        .persist(new JobState.ChainObserved(c.task(), c.status(), c.consensus(), contributed, clock.millis()))
        .thenRun(this::offerAll)
        .thenNoReply();
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
