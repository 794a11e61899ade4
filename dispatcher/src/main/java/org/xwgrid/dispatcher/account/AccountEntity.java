package org.xwgrid.dispatcher.account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.xwgrid.common.CborSerializable;
import org.xwgrid.dispatcher.Problem;

/** One user: role, the hash of its API token, and the ids of its jobs. Sharded by user name. */
public final class AccountEntity
    extends EventSourcedBehaviorWithEnforcedReplies<
        AccountEntity.Command, AccountEntity.Event, AccountEntity.State> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY =
      EntityTypeKey.create(Command.class, "Account");

  public sealed interface Command extends CborSerializable {}

  /** Creates the user; fails with 409 if it exists. */
  public record Create(Role role, String tokenHash, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** Creates the user or replaces its role and token (the admin bootstrap). */
  public record Upsert(Role role, String tokenHash, ActorRef<StatusReply<Done>> replyTo)
      implements Command {}

  /** The user's role when the token hash matches, empty otherwise. */
  public record Verify(String tokenHash, ActorRef<Verified> replyTo) implements Command {}

  public record Verified(Optional<Role> role) implements CborSerializable {}

  /** The user's role if the user exists (answered with {@link Verified}). */
  public record GetRole(ActorRef<Verified> replyTo) implements Command {}

  public record AddJob(String jobId, ActorRef<StatusReply<Done>> replyTo) implements Command {}

  public record GetJobs(ActorRef<JobIds> replyTo) implements Command {}

  public record JobIds(List<String> jobIds) implements CborSerializable {}

  public enum Done implements CborSerializable {
    INSTANCE
  }

  public sealed interface Event extends CborSerializable {}

  public record UserCreated(Role role, String tokenHash, Instant at) implements Event {}

  public record CredentialsReplaced(Role role, String tokenHash, Instant at) implements Event {}

  public record JobAdded(String jobId) implements Event {}

  /** Null role means the user does not exist yet. */
  public record State(Role role, String tokenHash, List<String> jobIds) implements CborSerializable {
    static final State EMPTY = new State(null, null, List.of());

    boolean exists() {
      return role != null;
    }

    State apply(Event e) {
      if (e instanceof UserCreated c) {
        return new State(c.role(), c.tokenHash(), jobIds);
      } else if (e instanceof CredentialsReplaced r) {
        return new State(r.role(), r.tokenHash(), jobIds);
      } else if (e instanceof JobAdded a) {
        List<String> ids = new ArrayList<>(jobIds);
        ids.add(a.jobId());
        return new State(role, tokenHash, List.copyOf(ids));
      }
      throw new IllegalStateException("unknown event " + e);
    }
  }

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system)
        .init(Entity.of(ENTITY_TYPE_KEY, ctx -> create(ctx.getEntityId())));
  }

  public static Behavior<Command> create(String userName) {
    return new AccountEntity(userName);
  }

  private AccountEntity(String userName) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), userName));
  }

  @Override
  public State emptyState() {
    return State.EMPTY;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(200, 2);
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Create.class, this::onCreate)
        .onCommand(Upsert.class, this::onUpsert)
        .onCommand(Verify.class, (s, c) -> Effect().reply(c.replyTo(), verify(s, c.tokenHash())))
        .onCommand(GetRole.class, (s, c) -> Effect().reply(c.replyTo(), new Verified(Optional.ofNullable(s.role()))))
        .onCommand(AddJob.class, this::onAddJob)
        .onCommand(GetJobs.class, (s, c) -> Effect().reply(c.replyTo(), new JobIds(s.jobIds())))
        .build();
  }

  private org.apache.pekko.persistence.typed.javadsl.ReplyEffect<Event, State> onCreate(
      State s, Create c) {
    if (s.exists()) {
      return Effect().reply(c.replyTo(), Problem.conflict("user exists").asReply());
    }
    return Effect()
        .persist(new UserCreated(c.role(), c.tokenHash(), Instant.now()))
        .thenReply(c.replyTo(), st -> StatusReply.success(Done.INSTANCE));
  }

  private org.apache.pekko.persistence.typed.javadsl.ReplyEffect<Event, State> onUpsert(
      State s, Upsert c) {
    if (s.exists() && s.role() == c.role() && c.tokenHash().equals(s.tokenHash())) {
      return Effect().reply(c.replyTo(), StatusReply.success(Done.INSTANCE));
    }
    Event e =
        s.exists()
            ? new CredentialsReplaced(c.role(), c.tokenHash(), Instant.now())
            : new UserCreated(c.role(), c.tokenHash(), Instant.now());
    return Effect().persist(e).thenReply(c.replyTo(), st -> StatusReply.success(Done.INSTANCE));
  }

  private org.apache.pekko.persistence.typed.javadsl.ReplyEffect<Event, State> onAddJob(
      State s, AddJob c) {
    if (!s.exists()) {
      return Effect().reply(c.replyTo(), Problem.notFound("no such user").asReply());
    }
    if (s.jobIds().contains(c.jobId())) {
      return Effect().reply(c.replyTo(), StatusReply.success(Done.INSTANCE));
    }
    return Effect()
        .persist(new JobAdded(c.jobId()))
        .thenReply(c.replyTo(), st -> StatusReply.success(Done.INSTANCE));
  }

  private static Verified verify(State s, String tokenHash) {
    boolean ok =
        s.exists()
            && java.security.MessageDigest.isEqual(
                s.tokenHash().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                tokenHash.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return new Verified(ok ? Optional.of(s.role()) : Optional.empty());
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(State::apply);
  }
}
