package org.xwgrid.oracle.outbox;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
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

/**
 * The single writer of one signing key: takes intents ({@link Send}), gives each the next nonce,
 * journals the signed transaction, then sends it, and sends it again (the same bytes) until its
 * receipt is read and journaled. A crash anywhere in between never sends a second transaction
 * for an intent and never loses one: after a restart the journaled transactions are sent again
 * and awaited. Receipts go to {@code listener}.
 */
public final class OutboxActor
    extends EventSourcedBehaviorWithEnforcedReplies<OutboxActor.Command, Outbox.Event, Outbox> {

  public sealed interface Command extends CborSerializable {}

  /** Queue this intent unless one of its key was queued before ({@code queued} false then). */
  public record Send(Outbox.Intent intent, ActorRef<Accepted> replyTo) implements Command {}

  public record Accepted(String key, boolean queued) implements CborSerializable {}

  public record Get(String key, ActorRef<Optional<Outbox.Entry>> replyTo) implements Command {}

  /** Told to the listener once a transaction's receipt is journaled. */
  public record Done(Outbox.Entry entry) implements CborSerializable {}

  private enum SignNext implements Command {
    INSTANCE
  }

  private enum Tick implements Command {
    INSTANCE
  }

  private record NonceFetched(Long nonce, Throwable failure) implements Command {}

  private record ReceiptRead(String key, Optional<Chain.Receipt> receipt, Throwable failure) implements Command {}

  /** The account's mined count if another transaction took the entry's nonce, else -1. */
  private record DisplacedRead(String key, Long chainNonce, Throwable failure) implements Command {}

  /** A send's outcome ({@code failure} null: the node has it). */
  private record SendResult(String key, Throwable failure) implements Command {}

  /**
   * @param id the persistence id's entity part (one per signing key)
   * @param poll how often receipts are asked for
   * @param resendAfter how long a signed transaction without receipt waits before it is sent again
   */
  public static Behavior<Command> create(
      String id, Chain chain, TxSigner signer, Duration poll, Duration resendAfter, Clock clock, ActorRef<Done> listener) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Tick.INSTANCE, poll);
                  return new OutboxActor(id, chain, signer, resendAfter, clock, listener, ctx);
                }));
  }

  private final Chain chain;
  private final TxSigner signer;
  private final Duration resendAfter;
  private final Clock clock;
  private final ActorRef<Done> listener;
  private final ActorContext<Command> ctx;
  /** When each in-flight transaction was last sent by this incarnation (not journaled). */
  private final Map<String, Long> sentAt = new HashMap<>();
  private boolean askingNonce;

  private OutboxActor(
      String id, Chain chain, TxSigner signer, Duration resendAfter, Clock clock, ActorRef<Done> listener, ActorContext<Command> ctx) {
    super(
        PersistenceId.of("Outbox", id),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.chain = chain;
    this.signer = signer;
    this.resendAfter = resendAfter;
    this.clock = clock;
    this.listener = listener;
    this.ctx = ctx;
  }

  @Override
  public Outbox emptyState() {
    return Outbox.empty();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(500, 2);
  }

  @Override
  public SnapshotAdapter<Outbox> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(Outbox state) {
        return state.toSnapshot();
      }

      @Override
      public Outbox fromJournal(Object from) {
        return Outbox.fromSnapshot((Outbox.Snapshot) from);
      }
    };
  }

  @Override
  public SignalHandler<Outbox> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), s -> ctx.getSelf().tell(SignNext.INSTANCE))
        .build();
  }

  @Override
  public EventHandler<Outbox, Outbox.Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(Outbox::apply);
  }

  @Override
  public CommandHandlerWithReply<Command, Outbox.Event, Outbox> commandHandler() {
    return newCommandHandlerWithReplyBuilder()
        .forAnyState()
        .onCommand(Send.class, this::onSend)
        .onCommand(Get.class, (s, c) -> Effect().reply(c.replyTo(), s.entry(c.key())))
        .onCommand(SignNext.class, this::onSignNext)
        .onCommand(NonceFetched.class, this::onNonce)
        .onCommand(Tick.class, this::onTick)
        .onCommand(ReceiptRead.class, this::onReceipt)
        .onCommand(DisplacedRead.class, this::onDisplaced)
        .onCommand(SendResult.class, (s, c) -> {
          if (c.failure() != null) {
            ctx.getLog().warn("Sending [{}] failed, will send it again: {}", c.key(), c.failure().toString());
            sentAt.remove(c.key());
          }
          return Effect().noReply();
        })
        .build();
  }

  private ReplyEffect<Outbox.Event, Outbox> onSend(Outbox s, Send c) {
    if (s.knows(c.intent().key())) {
      return Effect().reply(c.replyTo(), new Accepted(c.intent().key(), false));
    }
    return Effect()
        .persist(new Outbox.Queued(c.intent()))
        .thenRun(st -> ctx.getSelf().tell(SignNext.INSTANCE))
        .thenReply(c.replyTo(), st -> new Accepted(c.intent().key(), true));
  }

  /** Signs the oldest queued intent with the next nonce, journals it, then sends it. */
  private ReplyEffect<Outbox.Event, Outbox> onSignNext(Outbox s, SignNext c) {
    if (s.nextNonce() < 0) {
      if (!askingNonce) {
        askingNonce = true;
        ctx.pipeToSelf(chain.pendingNonce(signer.address()), NonceFetched::new);
      }
      return Effect().noReply();
    }
    Optional<Outbox.Intent> next = s.nextToSign();
    if (next.isEmpty()) {
      return Effect().noReply();
    }
    String key = next.get().key();
    TxSigner.SignedTx tx = signer.sign(next.get(), s.nextNonce());
    return Effect()
        .persist(new Outbox.Signed(key, s.nextNonce(), tx.rawTx(), tx.txHash()))
        .thenRun(
            st -> {
              send(st.entry(key).orElseThrow());
              ctx.getSelf().tell(SignNext.INSTANCE);
            })
        .thenNoReply();
  }

  private ReplyEffect<Outbox.Event, Outbox> onNonce(Outbox s, NonceFetched c) {
    askingNonce = false;
    if (c.failure() != null) {
      ctx.getLog().warn("Cannot read the nonce of {}, will ask again: {}", signer.address(), c.failure().toString());
      return Effect().noReply();
    }
    return Effect()
        .persist(new Outbox.NonceRead(c.nonce()))
        .thenRun(st -> ctx.getSelf().tell(SignNext.INSTANCE))
        .thenNoReply();
  }

  private void send(Outbox.Entry e) {
    sentAt.put(e.intent().key(), clock.millis());
    ctx.pipeToSelf(chain.sendRaw(e.rawTx()), (v, failure) -> new SendResult(e.intent().key(), failure));
  }

  /** Asks for the receipts of what is in flight, sends again what waited too long, retries the nonce. */
  private ReplyEffect<Outbox.Event, Outbox> onTick(Outbox s, Tick c) {
    long now = clock.millis();
    for (Outbox.Entry e : s.inFlight()) {
      String key = e.intent().key();
      Long last = sentAt.get(key);
      if (last == null || now - last >= resendAfter.toMillis()) {
        send(e); // the same signed bytes: at most one of them is ever mined
      }
      ctx.pipeToSelf(chain.receipt(e.txHash()), (r, failure) -> new ReceiptRead(key, r == null ? Optional.empty() : r, failure));
    }
    if (s.nextNonce() < 0 || s.nextToSign().isPresent()) {
      ctx.getSelf().tell(SignNext.INSTANCE);
    }
    return Effect().noReply();
  }

  /** Signs a displaced intent again with a nonce nobody took (the key was used outside the outbox). */
  private ReplyEffect<Outbox.Event, Outbox> onDisplaced(Outbox s, DisplacedRead c) {
    Optional<Outbox.Entry> e = s.entry(c.key());
    if (c.failure() != null || c.chainNonce() < 0 || e.isEmpty() || e.get().status() != Outbox.Status.SIGNED) {
      return Effect().noReply();
    }
    ctx.getLog().warn("Transaction [{}] lost its nonce {} to another transaction of {} (is the key used elsewhere?): signing it again",
        c.key(), e.get().nonce(), signer.address());
    return Effect()
        .persist(new Outbox.Displaced(c.key(), c.chainNonce()))
        .thenRun(st -> {
          sentAt.remove(c.key());
          ctx.getSelf().tell(SignNext.INSTANCE);
        })
        .thenNoReply();
  }

  private ReplyEffect<Outbox.Event, Outbox> onReceipt(Outbox s, ReceiptRead c) {
    Optional<Outbox.Entry> e = s.entry(c.key());
    if (c.failure() != null || e.isEmpty() || e.get().status() != Outbox.Status.SIGNED) {
      return Effect().noReply();
    }
    if (c.receipt().isEmpty()) {
      Outbox.Entry x = e.get();
      ctx.pipeToSelf(chain.displaced(x.txHash(), signer.address(), x.nonce()), (n, f) -> new DisplacedRead(c.key(), n, f));
      return Effect().noReply();
    }
    Chain.Receipt r = c.receipt().get();
    if (!r.success()) {
      ctx.getLog().warn("Transaction [{}] {} reverted", c.key(), r.txHash());
    }
    return Effect()
        .persist(new Outbox.Mined(c.key(), r.success(), r.gasUsed(), r.block()))
        .thenRun(
            st -> {
              sentAt.remove(c.key());
              listener.tell(new Done(st.entry(c.key()).orElseThrow()));
            })
        .thenNoReply();
  }
}
