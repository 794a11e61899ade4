package org.xwgrid.dispatcher.ledger;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.xwgrid.common.CborSerializable;
import org.xwgrid.common.poco.Ledger;
import org.xwgrid.dispatcher.Problem;

/**
 * The grid's accounts of credits (docs/poco.md, "stakes and rewards"): one event-sourced entity
 * that journals lists of {@link Ledger.Op}s, each list taken whole or refused whole, and each
 * under an idempotency key so that a sender retrying after a lost answer (a job settling a task,
 * a submit locking a price) never applies it twice. The sum of all accounts changes only by
 * deposits and withdrawals. The keys are kept for good (one per settlement or lock).
 */
public final class LedgerEntity
    extends EventSourcedBehaviorWithEnforcedReplies<LedgerEntity.Command, LedgerEntity.Event, LedgerEntity.Book> {

  public static final EntityTypeKey<Command> ENTITY_TYPE_KEY = EntityTypeKey.create(Command.class, "Ledger");
  private static final String ID = "ledger";

  public sealed interface Command extends CborSerializable {}

  /** Applies {@code ops} once under {@code key}; the reply says whether they were new. */
  public record Apply(String key, List<Ledger.Op> ops, long at, ActorRef<StatusReply<Applied>> replyTo) implements Command {}

  /** {@code applied} is false when the key had been applied before (nothing changed). */
  public record Applied(boolean applied) implements CborSerializable {}

  public record GetAccount(String name, ActorRef<AccountBalance> replyTo) implements Command {}

  public record AccountBalance(String name, long balance, long locked) implements CborSerializable {}

  public record GetAll(ActorRef<Balances> replyTo) implements Command {}

  public record Balances(Map<String, Ledger.Account> accounts, long total) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  public record OpsApplied(String key, List<Ledger.Op> ops, long at) implements Event {}

  /** What a snapshot holds. */
  public record Snapshot(Map<String, Ledger.Account> accounts, Set<String> keys) implements CborSerializable {}

  /** The entity's state: the ledger and the keys applied. Mutable; changed only by {@link #apply}. */
  public static final class Book {
    private final Ledger ledger;
    private final Set<String> keys;

    Book(Ledger ledger, Set<String> keys) {
      this.ledger = ledger;
      this.keys = keys;
    }

    public Ledger ledger() {
      return ledger;
    }

    public boolean applied(String key) {
      return keys.contains(key);
    }

    Book apply(Event e) {
      if (e instanceof OpsApplied a) {
        if (keys.add(a.key())) {
          a.ops().forEach(ledger::apply);
        }
        return this;
      }
      throw new IllegalStateException("unknown event " + e);
    }

    Snapshot toSnapshot() {
      return new Snapshot(ledger.accounts(), new TreeSet<>(keys));
    }

    static Book fromSnapshot(Snapshot s) {
      return new Book(Ledger.of(s.accounts()), new HashSet<>(s.keys()));
    }
  }

  public static void init(ActorSystem<?> system) {
    ClusterSharding.get(system).init(Entity.of(ENTITY_TYPE_KEY, ctx -> create()));
  }

  public static EntityRef<Command> ref(ActorSystem<?> system) {
    return ClusterSharding.get(system).entityRefFor(ENTITY_TYPE_KEY, ID);
  }

  public static Behavior<Command> create() {
    return create(ID);
  }

  /** A ledger with its own journal id (tests: one fresh ledger each). */
  public static Behavior<Command> create(String id) {
    return new LedgerEntity(id);
  }

  private LedgerEntity(String id) {
    super(PersistenceId.of(ENTITY_TYPE_KEY.name(), id));
  }

  @Override
  public Book emptyState() {
    return new Book(new Ledger(), new HashSet<>());
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(1000, 2);
  }

  @Override
  public SnapshotAdapter<Book> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(Book state) {
        return state.toSnapshot();
      }

      @Override
      public Book fromJournal(Object from) {
        return Book.fromSnapshot((Snapshot) from);
      }
    };
  }

  @Override
  public CommandHandlerWithReply<Command, Event, Book> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Apply.class, this::onApply)
        .onCommand(GetAccount.class, (b, c) -> {
          Ledger.Account a = b.ledger().account(c.name());
          return Effect().reply(c.replyTo(), new AccountBalance(c.name(), a.balance(), a.locked()));
        })
        .onCommand(GetAll.class, (b, c) -> Effect().reply(c.replyTo(), new Balances(b.ledger().accounts(), b.ledger().total())))
        .build();
  }

  private ReplyEffect<Event, Book> onApply(Book b, Apply c) {
    if (c.key() == null || c.key().isBlank() || c.ops() == null || c.ops().isEmpty()) {
      return Effect().reply(c.replyTo(), Problem.badRequest("a ledger entry needs a key and operations").asReply());
    }
    if (b.applied(c.key())) {
      return Effect().reply(c.replyTo(), StatusReply.success(new Applied(false)));
    }
    String no = b.ledger().refusal(c.ops());
    if (no != null) {
      return Effect().reply(c.replyTo(), new Problem(402, no).asReply());
    }
    return Effect()
        .persist(new OpsApplied(c.key(), List.copyOf(c.ops()), c.at()))
        .thenReply(c.replyTo(), s -> StatusReply.success(new Applied(true)));
  }

  @Override
  public EventHandler<Book, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Book::apply);
  }
}
