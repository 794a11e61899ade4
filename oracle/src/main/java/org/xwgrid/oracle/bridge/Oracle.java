package org.xwgrid.oracle.bridge;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;
import org.xwgrid.common.CborSerializable;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.WorkerApi.ChainTerms;
import org.xwgrid.dispatcher.account.AccountEntity;
import org.xwgrid.dispatcher.app.AppCatalog;
import org.xwgrid.dispatcher.job.JobEntity;
import org.xwgrid.dispatcher.job.JobSpec;
import org.xwgrid.oracle.chain.ChainValues;
import org.xwgrid.oracle.chain.Eip712;
import org.xwgrid.oracle.contracts.XwHub;
import org.xwgrid.oracle.follow.HubEvent;
import org.xwgrid.oracle.follow.LogCursor;
import org.xwgrid.oracle.follow.LogReader;
import org.xwgrid.oracle.outbox.Outbox;
import org.xwgrid.oracle.outbox.OutboxActor;
import org.xwgrid.oracle.market.TaskResults;

/**
 * The pool's oracle: the single writer for the workerpool owner's key, run as a cluster singleton
 * on dispatcher nodes of role {@code oracle}. Every {@code poll} it (1) reads the hub's logs from
 * its persisted cursor, {@code confirmations} blocks behind the head, and turns each {@code
 * SchedulerNotice} for its workerpool into a grid job ({@link DealTerms}), journaling the range and
 * the deals together; then (2) compares every open task on the hub with its grid side and acts
 * ({@link TaskPlan}): the grid learns the hub's consensus, the hub gets the tasks initialized, the
 * workers' signed contributions and reveals relayed, the result finalized. Each transaction is an
 * intent named by its purpose, estimated first (the hub's refusal is logged and retried next
 * round), and sent by the {@link OutboxActor} at most once.
 */
public final class Oracle
    extends EventSourcedBehaviorWithEnforcedReplies<Oracle.Command, OracleState.Event, OracleState> {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Oracle.class);

  public sealed interface Command extends CborSerializable {}

  public record GetStatus(ActorRef<Status> replyTo) implements Command {}

  /** The oracle's address and workerpool, the first block it has not read, and its deals. */
  public record Status(String address, String workerpool, long nextBlock, List<OracleState.Deal> deals)
      implements CborSerializable {}

  private enum Tick implements Command {
    INSTANCE
  }

  private record LogsFetched(LogCursor.Range range, List<OracleState.Deal> deals, Throwable failure) implements Command {}

  private record Synced(List<OracleState.TaskClosed> closed, Throwable failure) implements Command {}

  private record TxDone(OutboxActor.Done done) implements Command {}

  /** What the oracle reaches: the chain (reads, signing) and the grid. */
  public record Wiring(
      OracleSettings settings,
      HubReads reads,
      LogReader logs,
      Credentials key,
      long chainId,
      String resultsUrl,
      int maxTasks,
      int maxFailures,
      ActorRef<OutboxActor.Command> outbox) {}

  public static Behavior<Command> create(OracleSettings settings, WiringFactory wiring) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.poll());
                  ActorRef<OutboxActor.Done> listener = ctx.messageAdapter(OutboxActor.Done.class, TxDone::new);
                  return new Oracle(wiring.wire(ctx, listener), ctx);
                }));
  }

  /** Builds the wiring inside the singleton (the outbox is its child). */
  public interface WiringFactory {
    Wiring wire(ActorContext<Command> ctx, ActorRef<OutboxActor.Done> listener);
  }

  private final Wiring w;
  private final ActorContext<Command> ctx;
  private final ActorSystem<?> system;
  private final ChainTerms terms;
  private final Duration ask;
  /** Intents handed to the outbox by this incarnation (the outbox dedups across restarts). */
  private final Set<String> sent = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Reverted attempts of each purpose, by this incarnation or (learnt from the outbox) an earlier one. */
  private final Map<String, Integer> attempts = new java.util.concurrent.ConcurrentHashMap<>();

  static final int MAX_ATTEMPTS = 3;
  private boolean busy;

  private Oracle(Wiring w, ActorContext<Command> ctx) {
    super(
        PersistenceId.of("Oracle", w.key().getAddress() + "@" + w.settings().workerpool()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(500), Duration.ofSeconds(10), 0.2));
    this.w = w;
    this.ctx = ctx;
    this.system = ctx.getSystem();
    this.terms = new ChainTerms(w.chainId(), w.reads().hubAddress().toLowerCase(Locale.ROOT));
    this.ask = w.settings().askTimeout();
  }

  @Override
  public OracleState emptyState() {
    return OracleState.startingAt(w.settings().startBlock());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(200, 2);
  }

  @Override
  public SnapshotAdapter<OracleState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(OracleState state) {
        return state.toSnapshot();
      }

      @Override
      public OracleState fromJournal(Object from) {
        return OracleState.fromSnapshot((OracleState.Snapshot) from);
      }
    };
  }

  @Override
  public EventHandler<OracleState, OracleState.Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(OracleState::apply);
  }

  @Override
  public CommandHandlerWithReply<Command, OracleState.Event, OracleState> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(GetStatus.class, (s, c) -> Effect().reply(c.replyTo(),
            new Status(w.key().getAddress(), w.settings().workerpool(), s.next(), s.deals())))
        .onCommand(Tick.class, this::onTick)
        .onCommand(LogsFetched.class, this::onLogsFetched)
        .onCommand(Synced.class, this::onSynced)
        .onCommand(TxDone.class, (s, c) -> {
          Outbox.Entry e = c.done().entry();
          if (e.success()) {
            ctx.getLog().info("Oracle: {} mined in block {} ({} gas)", e.intent().key(), e.block(), e.gasUsed());
          } else {
            reverted(e.intent().key());
            ctx.getLog().warn("Oracle: {} reverted in block {}{}", e.intent().key(), e.block(),
                attemptOf(e.intent().key()) + 1 < MAX_ATTEMPTS ? "; will try again if the hub still takes it" : "; giving up");
          }
          return Effect().noReply();
        })
        .build();
  }

  // ---- (1) follow the logs --------------------------------------------------------------------

  private ReplyEffect<OracleState.Event, OracleState> onTick(OracleState s, Tick c) {
    if (busy) {
      return Effect().noReply();
    }
    busy = true;
    LogCursor cursor = new LogCursor(s.next(), w.settings().confirmations(), w.settings().maxRange());
    Set<String> known = s.deals().stream().map(OracleState.Deal::dealId).collect(java.util.stream.Collectors.toSet());
    CompletionStage<LogsFetched> fetched =
        w.logs().head().thenCompose(
            head -> cursor.rangeAt(head)
                .map(range -> w.logs().read(range)
                    .thenCompose(events -> openDeals(known, events))
                    .thenApply(deals -> new LogsFetched(range, deals, null)))
                .orElse(CompletableFuture.completedFuture(new LogsFetched(null, List.of(), null))));
    ctx.pipeToSelf(fetched, (v, f) -> f == null ? v : new LogsFetched(null, List.of(), f));
    return Effect().noReply();
  }

  private ReplyEffect<OracleState.Event, OracleState> onLogsFetched(OracleState s, LogsFetched c) {
    if (c.failure() != null) {
      ctx.getLog().warn("Oracle: reading the chain failed, will try again: {}", c.failure().toString());
      busy = false;
      return Effect().noReply();
    }
    if (c.range() == null) {
      sync(s);
      return Effect().noReply();
    }
    for (OracleState.Deal d : c.deals()) {
      if (d.refusal() == null) {
        ctx.getLog().info("Oracle: deal {} runs as grid job {} ({} tasks)", d.dealId(), d.jobId(), d.size());
      } else {
        ctx.getLog().warn("Oracle: deal {} refused: {}", d.dealId(), d.refusal());
      }
    }
    return Effect().persist(new OracleState.LogsRead(c.range(), c.deals())).thenRun(this::sync).thenNoReply();
  }

  /** The deals the range's notices for this workerpool open, one after the other. */
  private CompletionStage<List<OracleState.Deal>> openDeals(Set<String> known, List<HubEvent> events) {
    List<String> ids = new ArrayList<>();
    for (HubEvent e : events) {
      if (e instanceof HubEvent.SchedulerNotice n
          && n.workerpool().equalsIgnoreCase(w.settings().workerpool())
          && !known.contains(n.dealId().toLowerCase(Locale.ROOT))
          && !ids.contains(n.dealId().toLowerCase(Locale.ROOT))) {
        ids.add(n.dealId().toLowerCase(Locale.ROOT));
      }
    }
    CompletionStage<List<OracleState.Deal>> out = CompletableFuture.completedFuture(new ArrayList<>());
    for (String id : ids) {
      out = out.thenCompose(list -> openDeal(id).thenApply(d -> {
        list.add(d);
        return list;
      }));
    }
    return out;
  }

  private CompletionStage<OracleState.Deal> openDeal(String dealId) {
    return w.reads().deal(dealId).thenCompose(
        deal -> w.reads().category(deal.category).thenCombine(w.reads().appName(deal.app.pointer), (cat, app) ->
            new DealTerms.OnChain(dealId, app, !ChainValues.ZERO_ADDRESS.equalsIgnoreCase(deal.dataset.pointer), deal.params,
                deal.trust.longValueExact(), cat.name, cat.workClockTimeRef.longValueExact(),
                deal.botFirst.longValueExact(), deal.botSize.intValueExact())))
        .thenCompose(this::submit);
  }

  /** Submits the grid job of a deal (idempotent: the job's id derives from the deal's). */
  private CompletionStage<OracleState.Deal> submit(DealTerms.OnChain d) {
    String refusal = DealTerms.refusal(d, w.maxTasks());
    if (refusal != null) {
      return CompletableFuture.completedFuture(refused(d, refusal));
    }
    String jobId = DealTerms.jobId(d.dealId());
    String owner = w.settings().jobOwner();
    return AppCatalog.ref(system).<AppView>askWithStatus(r -> new AppCatalog.Get(d.appName(), r), ask)
        .handle((app, f) -> app)
        .thenCompose(app -> {
          if (app == null) {
            return CompletableFuture.completedFuture(refused(d, "the grid has no app named '" + d.appName() + "'"));
          }
          JobSpec spec = DealTerms.spec(d, app, owner, terms, Instant.now(), w.maxFailures());
          return ClusterSharding.get(system).entityRefFor(AccountEntity.ENTITY_TYPE_KEY, owner)
              .<AccountEntity.Done>askWithStatus(r -> new AccountEntity.AddJob(jobId, r), ask)
              .handle((done, f) -> done) // listed in `xw jobs` of the owner if that user exists
              .thenCompose(done -> JobEntity.ref(system, jobId).<org.xwgrid.common.api.ClientApi.JobView>askWithStatus(
                  r -> new JobEntity.Submit(spec, r), ask))
              .thenApply(v -> new OracleState.Deal(d.dealId(), jobId, d.botFirst(), d.botSize(), null, List.of()));
        });
  }

  private static OracleState.Deal refused(DealTerms.OnChain d, String why) {
    return new OracleState.Deal(d.dealId(), null, d.botFirst(), d.botSize(), why, List.of());
  }

  // ---- (2) compare the hub and the grid, act --------------------------------------------------

  private void sync(OracleState s) {
    CompletionStage<List<OracleState.TaskClosed>> all = CompletableFuture.completedFuture(new ArrayList<>());
    for (OracleState.Deal d : s.openDeals()) {
      all = all.thenCompose(list -> syncDeal(d).thenApply(closed -> {
        list.addAll(closed);
        return list;
      }));
    }
    ctx.pipeToSelf(all, (closed, f) -> new Synced(closed == null ? List.of() : closed, f));
  }

  private ReplyEffect<OracleState.Event, OracleState> onSynced(OracleState s, Synced c) {
    busy = false;
    if (c.failure() != null) {
      ctx.getLog().warn("Oracle: comparing the hub and the grid failed, will try again: {}", c.failure().toString());
    }
    return c.closed().isEmpty() ? Effect().noReply() : Effect().persist(new ArrayList<OracleState.Event>(c.closed())).thenNoReply();
  }

  private CompletionStage<List<OracleState.TaskClosed>> syncDeal(OracleState.Deal d) {
    var job = JobEntity.ref(system, d.jobId());
    return job.<JobEntity.ChainView>askWithStatus(JobEntity.GetChainView::new, ask).thenCompose(view -> {
      CompletionStage<List<OracleState.TaskClosed>> out = CompletableFuture.completedFuture(new ArrayList<>());
      for (JobEntity.ChainTask t : view.tasks()) {
        if (d.closed().contains(t.index())) {
          continue;
        }
        out = out.thenCompose(list -> w.reads().task(t.taskId()).thenCompose(hub -> {
          TaskPlan.Plan plan = TaskPlan.plan(t.index(), hub, t);
          if (plan.observe() != null) {
            job.tell(plan.observe());
          }
          if (plan.closed()) {
            list.add(new OracleState.TaskClosed(d.dealId(), t.index(), hub.status()));
          }
          CompletionStage<Void> acts = CompletableFuture.completedFuture(null);
          for (TaskPlan.Action a : plan.actions()) {
            acts = acts.thenCompose(v -> act(d, t, hub, a));
          }
          return acts.thenApply(v -> list);
        }));
      }
      return out;
    });
  }

  /**
   * Estimates the action's transaction and hands it to the outbox, unless the hub refuses it now.
   * An intent that reverted on chain (a race the estimate could not see) is tried again under
   * {@code <key>#<attempt>}, at most {@link #MAX_ATTEMPTS} times in all.
   */
  private CompletionStage<Void> act(OracleState.Deal d, JobEntity.ChainTask t, TaskPlan.HubTask hub, TaskPlan.Action a) {
    Outbox.Intent draft = intent(d, t, hub, a);
    String key = attemptKey(draft.key());
    if (sent.contains(key) || attemptOf(key) >= MAX_ATTEMPTS) {
      return CompletableFuture.completedFuture(null);
    }
    return w.reads().estimate(key, draft.data())
        .thenCompose(gas -> AskPattern.<OutboxActor.Command, OutboxActor.Accepted>ask(
                w.outbox(),
                r -> new OutboxActor.Send(
                    new Outbox.Intent(key, draft.to(), draft.data(),
                        gas.multiply(BigInteger.valueOf(3)).divide(BigInteger.TWO).add(BigInteger.valueOf(60_000))),
                    r),
                ask, system.scheduler()))
        .thenCompose(accepted -> accepted.queued()
            ? CompletableFuture.completedFuture(Optional.<Outbox.Entry>empty())
            : AskPattern.<OutboxActor.Command, Optional<Outbox.Entry>>ask(
                w.outbox(), r -> new OutboxActor.Get(key, r), ask, system.scheduler()))
        .handle((known, f) -> {
          if (f != null) {
            LOG.info("Oracle: not sending {} now: {}", key, f.getMessage());
          } else if (known.isPresent() && known.get().status() == Outbox.Status.MINED && !known.get().success()) {
            reverted(key); // sent before a restart, and reverted: the next round tries again
          } else {
            sent.add(key); // a concurrent set: this runs off the actor's thread
            LOG.info("Oracle: {} {}", known.isPresent() ? "already sent" : "sending", key);
          }
          return null;
        });
  }

  private String attemptKey(String purpose) {
    int n = attempts.getOrDefault(purpose, 0);
    return n == 0 ? purpose : purpose + "#" + n;
  }

  private void reverted(String key) {
    int i = key.indexOf('#');
    attempts.merge(i < 0 ? key : key.substring(0, i), attemptOf(key) + 1, Math::max);
  }

  static int attemptOf(String key) {
    int i = key.indexOf('#');
    return i < 0 ? 0 : Integer.parseInt(key.substring(i + 1));
  }

  private Outbox.Intent intent(OracleState.Deal d, JobEntity.ChainTask t, TaskPlan.HubTask hub, TaskPlan.Action a) {
    XwHub h = w.reads().hub();
    byte[] task = HubReads.bytes32(t.taskId());
    String to = w.reads().hubAddress();
    if (a instanceof TaskPlan.Initialize) {
      String data = h.initialize(HubReads.bytes32(d.dealId()), BigInteger.valueOf(d.botFirst() + t.index())).encodeFunctionCall();
      return new Outbox.Intent("initialize:" + t.taskId(), to, data, BigInteger.ZERO);
    }
    if (a instanceof TaskPlan.Contribute c) {
      JobEntity.ChainReplica r = c.replica();
      String auth = Eip712.authorization(r.address(), t.taskId(), ChainValues.ZERO_ADDRESS, w.key());
      String data = h.contributeFor(r.address(), task, HubReads.bytes32(r.resultHash()), HubReads.bytes32(r.resultSeal()),
          ChainValues.ZERO_ADDRESS, new byte[0], ChainValues.toBytes(auth), ChainValues.toBytes(r.contributionSign()))
          .encodeFunctionCall();
      return new Outbox.Intent("contribute:" + t.taskId() + ":" + r.address().toLowerCase(Locale.ROOT), to, data, BigInteger.ZERO);
    }
    if (a instanceof TaskPlan.Reveal rv) {
      JobEntity.ChainReplica r = rv.replica();
      String data = h.revealFor(r.address(), task, HubReads.bytes32(r.digest()), ChainValues.toBytes(r.revealSign()))
          .encodeFunctionCall();
      return new Outbox.Intent("reveal:" + t.taskId() + ":" + r.address().toLowerCase(Locale.ROOT), to, data, BigInteger.ZERO);
    }
    if (a instanceof TaskPlan.Finalize f) {
      String data = h.finalize(task, results(d, t, f), new byte[0]).encodeFunctionCall();
      return new Outbox.Intent("finalize:" + t.taskId(), to, data, BigInteger.ZERO);
    }
    if (a instanceof TaskPlan.Reopen) {
      String data = h.reopen(task).encodeFunctionCall();
      return new Outbox.Intent("reopen:" + t.taskId() + ":" + hub.revealDeadline(), to, data, BigInteger.ZERO);
    }
    throw new IllegalArgumentException("unknown action " + a);
  }

  /** The {@code results} a finalize publishes: where the result is, its sha256 and its digest. */
  private byte[] results(OracleState.Deal d, JobEntity.ChainTask t, TaskPlan.Finalize f) {
    String location = w.resultsUrl() + "/api/v1/chain/jobs/" + d.jobId() + "/tasks/" + t.index() + "/result";
    return TaskResults.of(location, f.result().sha256(), Numeric.prependHexPrefix(Numeric.cleanHexPrefix(f.digest()))).toBytes();
  }
}
