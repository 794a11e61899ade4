package org.xwgrid.dispatcher.worker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.xwgrid.common.CborSerializable;
import org.xwgrid.common.poco.Poco;
import org.xwgrid.common.api.Capabilities;
import org.xwgrid.dispatcher.Problem;

/**
 * A registered worker host: owner, capabilities, slots, the hash of its token, its status
 * (ACTIVE or LOST) and a bounded history of what happened to it. Sharded by worker id.
 */
public final class WorkerEntity
    extends EventSourcedBehaviorWithEnforcedReplies<WorkerEntity.Command, WorkerEntity.Event, WorkerEntity.State> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "Worker");
  static final int HISTORY = 20;
  /** Settled tasks remembered per worker, so a resent score counts once. */
  static final int SCORED_KEYS = 10_000;

  public sealed interface Command extends CborSerializable {}

  public record Register(
      String name, String owner, Capabilities capabilities, int slots, String tokenHash, long at,
      String address, ActorRef<StatusReply<State>> replyTo)
      implements Command {}

  /** A known worker registers again after a restart: capabilities and slots may have changed. */
  public record ReRegister(
      Capabilities capabilities, int slots, long at, String address, ActorRef<StatusReply<State>> replyTo)
      implements Command {}

  public record MarkLost(long at, String reason) implements Command {}

  public record MarkReturned(long at) implements Command {}

  /** The worker's state when the token hash matches, empty otherwise. */
  public record Verify(String tokenHash, ActorRef<Verified> replyTo) implements Command {}

  public record Verified(Optional<State> worker) implements CborSerializable {}

  public record Get(ActorRef<Optional<State>> replyTo) implements Command {}

  /**
   * A certified task this worker contributed to settled: it won (its score grows by one if the task
   * was replicated) or lost (its score drops to two thirds). Once per {@code key}; answers the score.
   */
  public record Score(String key, boolean won, boolean replicated, long at, ActorRef<Scored> replyTo)
      implements Command {}

  public record Scored(long score) implements CborSerializable {}

  public enum Status {
    ACTIVE,
    LOST
  }

  public sealed interface Event extends CborSerializable {}

  /** {@code address}: the worker key's address (null for workers without one; added in 0.2). */
  public record WorkerRegistered(
      String name, String owner, Capabilities capabilities, int slots, String tokenHash, long at, String address)
      implements Event {}

  public record WorkerReRegistered(Capabilities capabilities, int slots, long at, String address) implements Event {}

  public record WorkerLost(long at, String reason) implements Event {}

  public record WorkerReturned(long at) implements Event {}

  /** The worker's PoCo score after a certified task settled ({@code key} names the task). */
  public record ScoreChanged(String key, long score, String why, long at) implements Event {}

  /** Null name means not registered. */
  public record State(
      String id,
      String name,
      String owner,
      Capabilities capabilities,
      int slots,
      String tokenHash,
      Status status,
      long registeredAt,
      long statusSince,
      List<String> history,
      String address,
      long score,
      List<String> scored)
      implements CborSerializable {

    public State {
      scored = scored == null ? List.of() : scored;
    }

    public boolean registered() {
      return name != null;
    }

    State apply(Event e) {
      if (e instanceof WorkerRegistered r) {
        return new State(id, r.name(), r.owner(), r.capabilities(), r.slots(), r.tokenHash(), Status.ACTIVE,
            r.at(), r.at(), log(List.of(), r.at(), "registered" + as(r.address())), r.address(), 0, List.of());
      } else if (e instanceof WorkerReRegistered r) {
        String changed = r.address() == null || r.address().equals(address) ? "" : as(r.address());
        return new State(id, name, owner, r.capabilities(), r.slots(), tokenHash, Status.ACTIVE,
            registeredAt, r.at(), log(history, r.at(), "registered again" + changed),
            r.address() == null ? address : r.address(), score, scored);
      } else if (e instanceof WorkerLost l) {
        return new State(id, name, owner, capabilities, slots, tokenHash, Status.LOST,
            registeredAt, l.at(), log(history, l.at(), "lost: " + l.reason()), address, score, scored);
      } else if (e instanceof WorkerReturned r) {
        return new State(id, name, owner, capabilities, slots, tokenHash, Status.ACTIVE,
            registeredAt, r.at(), log(history, r.at(), "back"), address, score, scored);
      } else if (e instanceof ScoreChanged c) {
        List<String> keys = new ArrayList<>(scored.size() + 1);
        keys.addAll(scored.subList(Math.max(0, scored.size() + 1 - SCORED_KEYS), scored.size()));
        keys.add(c.key());
        return new State(id, name, owner, capabilities, slots, tokenHash, status,
            registeredAt, statusSince, history, address, c.score(), List.copyOf(keys));
      }
      throw new IllegalStateException("unknown event " + e);
    }

    private static String as(String address) {
      return address == null ? "" : " as " + address;
    }

    private static List<String> log(List<String> h, long at, String what) {
      List<String> out = new ArrayList<>(h);
      out.add(Instant.ofEpochMilli(at) + " " + what);
      return List.copyOf(out.subList(Math.max(0, out.size() - HISTORY), out.size()));
    }
  }

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY, ctx -> create(ctx.getEntityId())));
  }

  public static EntityRef<Command> ref(ActorSystem<?> system, String workerId) {
    return ClusterSharding.get(system).entityRefFor(ENTITY_TYPE_KEY, workerId);
  }

  public static Behavior<Command> create(String workerId) {
    return new WorkerEntity(workerId);
  }

  private final String workerId;

  private WorkerEntity(String workerId) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), workerId));
    this.workerId = workerId;
  }

  @Override
  public State emptyState() {
    return new State(workerId, null, null, null, 0, null, Status.ACTIVE, 0, 0, List.of(), null, 0, List.of());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(100, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Register.class, this::onRegister)
        .onCommand(ReRegister.class, this::onReRegister)
        .onCommand(MarkLost.class, this::onLost)
        .onCommand(MarkReturned.class, this::onReturned)
        .onCommand(Verify.class, (s, c) -> Effect().reply(c.replyTo(), new Verified(verify(s, c.tokenHash()))))
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), s.registered() ? Optional.of(s) : Optional.empty()))
        .onCommand(Score.class, this::onScore)
        .build();
  }

  private ReplyEffect<Event, State> onScore(State s, Score c) {
    if (!s.registered() || s.scored().contains(c.key())) {
      return Effect().reply(c.replyTo(), new Scored(s.score()));
    }
    long next = c.won() ? Poco.scoreAfterWin(s.score(), c.replicated()) : Poco.scoreAfterLoss(s.score());
    String why = (c.won() ? "won " : "lost ") + c.key();
    return Effect()
        .persist(new ScoreChanged(c.key(), next, why, c.at()))
        .thenReply(c.replyTo(), st -> new Scored(st.score()));
  }

  private ReplyEffect<Event, State> onRegister(State s, Register c) {
    if (s.registered()) {
      return Effect().reply(c.replyTo(), Problem.conflict("worker id taken").asReply());
    }
    return Effect()
        .persist(new WorkerRegistered(c.name(), c.owner(), c.capabilities(), c.slots(), c.tokenHash(), c.at(), c.address()))
        .thenReply(c.replyTo(), StatusReply::success);
  }

  private ReplyEffect<Event, State> onReRegister(State s, ReRegister c) {
    if (!s.registered()) {
      return Effect().reply(c.replyTo(), Problem.notFound("unknown worker").asReply());
    }
    return Effect()
        .persist(new WorkerReRegistered(c.capabilities(), c.slots(), c.at(), c.address()))
        .thenReply(c.replyTo(), StatusReply::success);
  }

  private ReplyEffect<Event, State> onLost(State s, MarkLost c) {
    if (!s.registered() || s.status() == Status.LOST) {
      return Effect().noReply();
    }
    return Effect().persist(new WorkerLost(c.at(), c.reason())).thenNoReply();
  }

  private ReplyEffect<Event, State> onReturned(State s, MarkReturned c) {
    if (!s.registered() || s.status() == Status.ACTIVE) {
      return Effect().noReply();
    }
    return Effect().persist(new WorkerReturned(c.at())).thenNoReply();
  }

  private static Optional<State> verify(State s, String tokenHash) {
    boolean ok =
        s.registered()
            && MessageDigest.isEqual(
                s.tokenHash().getBytes(StandardCharsets.US_ASCII), tokenHash.getBytes(StandardCharsets.US_ASCII));
    return ok ? Optional.of(s) : Optional.empty();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }
}
