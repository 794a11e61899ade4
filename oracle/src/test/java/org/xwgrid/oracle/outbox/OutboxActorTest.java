package org.xwgrid.oracle.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.xwgrid.oracle.testing.TestingActorSystem;

/**
 * The outbox actor against a chain double that mines what it was sent on demand: nonces in order,
 * one transaction per intent, the same bytes sent again after a failed send or a restart.
 */
class OutboxActorTest {
  private static final ActorTestKit testKit = TestingActorSystem.withManualTime("OutboxActorTest");
  private static final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final AtomicInteger ids = new AtomicInteger();
  private static final String TO = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  private static final Credentials KEY =
      Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
  private static final TxSigner SIGNER = new TxSigner(KEY, 31337, BigInteger.valueOf(2_000_000_000L), BigInteger.ONE);

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  /** A node that knows the account's nonce, takes raw transactions and mines them when told. */
  static final class TestingChain implements Chain {
    final List<String> sent = new CopyOnWriteArrayList<>();
    final Set<String> mined = ConcurrentHashMap.newKeySet();
    volatile boolean down;
    volatile long nonce = 5;

    @Override
    public CompletionStage<Long> pendingNonce(String address) {
      return down ? CompletableFuture.failedFuture(new IllegalStateException("node down")) : CompletableFuture.completedFuture(nonce);
    }

    @Override
    public CompletionStage<Void> sendRaw(String rawTx) {
      if (down) {
        return CompletableFuture.failedFuture(new IllegalStateException("node down"));
      }
      sent.add(rawTx);
      return CompletableFuture.completedFuture(null);
    }

    void mineAll() {
      for (String raw : sent) {
        mined.add(org.web3j.utils.Numeric.toHexString(org.web3j.crypto.Hash.sha3(org.web3j.utils.Numeric.hexStringToByteArray(raw))));
      }
    }

    @Override
    public CompletionStage<Optional<Receipt>> receipt(String txHash) {
      return CompletableFuture.completedFuture(mined.contains(txHash) ? Optional.of(new Receipt(txHash, true, 21_000, 7)) : Optional.empty());
    }

    @Override
    public CompletionStage<Long> displaced(String txHash, String address, long nonce) {
      return CompletableFuture.completedFuture(-1L); // nobody else uses the key here (OutboxIT covers it)
    }
  }

  private final String id = "key-" + ids.incrementAndGet();
  private final TestingChain chain = new TestingChain();
  private final TestProbe<OutboxActor.Done> done = testKit.createTestProbe();

  private ActorRef<OutboxActor.Command> start() {
    return testKit.spawn(
        OutboxActor.create(id, chain, SIGNER, Duration.ofSeconds(1), Duration.ofSeconds(5), Clock.systemUTC(), done.ref()));
  }

  private OutboxActor.Accepted send(ActorRef<OutboxActor.Command> outbox, String key) {
    TestProbe<OutboxActor.Accepted> p = testKit.createTestProbe();
    outbox.tell(new OutboxActor.Send(new Outbox.Intent(key, TO, "0x" + Integer.toHexString(key.hashCode() & 0xffff), BigInteger.valueOf(100_000)), p.ref()));
    return p.receiveMessage();
  }

  private Optional<Outbox.Entry> get(ActorRef<OutboxActor.Command> outbox, String key) {
    TestProbe<Optional<Outbox.Entry>> p = testKit.createTestProbe();
    outbox.tell(new OutboxActor.Get(key, p.ref()));
    return p.receiveMessage();
  }

  private void awaitSent(int n) throws InterruptedException {
    for (int i = 0; i < 100 && chain.sent.size() < n; i++) {
      Thread.sleep(20);
    }
    assertEquals(n, chain.sent.size(), "sent " + chain.sent);
  }

  @Test
  void shouldSignWithConsecutiveNoncesSendOnceAndReportReceipts() throws Exception {
    ActorRef<OutboxActor.Command> outbox = start();
    assertTrue(send(outbox, "finalize:a").queued());
    assertTrue(send(outbox, "finalize:b").queued());
    assertFalse(send(outbox, "finalize:a").queued(), "known: no second transaction");
    awaitSent(2);
    assertEquals(5, get(outbox, "finalize:a").orElseThrow().nonce());
    assertEquals(6, get(outbox, "finalize:b").orElseThrow().nonce());
    chain.mineAll();
    manualTime.timePasses(Duration.ofSeconds(1));
    List<String> keys = new ArrayList<>();
    keys.add(done.receiveMessage().entry().intent().key());
    keys.add(done.receiveMessage().entry().intent().key());
    assertEquals(Set.of("finalize:a", "finalize:b"), Set.copyOf(keys));
    assertEquals(2, chain.sent.size(), "received before a resend was due");
  }

  @Test
  void shouldSendTheSameTransactionAgainAfterARestartNeverASecondOne() throws Exception {
    chain.down = false;
    ActorRef<OutboxActor.Command> outbox = start();
    send(outbox, "reveal:t:w");
    awaitSent(1);
    String raw = chain.sent.get(0);
    testKit.stop(outbox); // crashed before the receipt was read
    ActorRef<OutboxActor.Command> again = start();
    manualTime.timePasses(Duration.ofSeconds(1));
    awaitSent(2);
    assertEquals(raw, chain.sent.get(1), "the journaled bytes, not a new signature");
    chain.mineAll();
    manualTime.timePasses(Duration.ofSeconds(1));
    assertEquals("reveal:t:w", done.receiveMessage().entry().intent().key());
    assertEquals(Outbox.Status.MINED, get(again, "reveal:t:w").orElseThrow().status());
    send(again, "next");
    awaitSent(3);
    assertEquals(6, get(again, "next").orElseThrow().nonce(), "the nonce after the journaled one");
  }

  @Test
  void shouldWaitForTheNodeWhenItIsDown() throws Exception {
    chain.down = true;
    ActorRef<OutboxActor.Command> outbox = start();
    send(outbox, "initialize:d:0");
    manualTime.timePasses(Duration.ofSeconds(1));
    assertEquals(Outbox.Status.QUEUED, get(outbox, "initialize:d:0").orElseThrow().status());
    chain.down = false;
    manualTime.timePasses(Duration.ofSeconds(1));
    awaitSent(1);
    assertEquals(5, get(outbox, "initialize:d:0").orElseThrow().nonce());
  }
}
