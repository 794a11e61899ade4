package org.xwgrid.oracle.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xwgrid.oracle.outbox.Outbox.Intent;
import org.xwgrid.oracle.outbox.Outbox.Status;

class OutboxTest {
  private static final String HUB = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

  private static Intent intent(String key) {
    return new Intent(key, HUB, "0xabcdef", BigInteger.valueOf(300_000));
  }

  @Test
  void shouldSignIntentsOneAtATimeInOrderWithConsecutiveNonces() {
    Outbox o = Outbox.empty().apply(new Outbox.NonceRead(7));
    o.apply(new Outbox.Queued(intent("finalize:a"))).apply(new Outbox.Queued(intent("finalize:b")));
    assertEquals("finalize:a", o.nextToSign().orElseThrow().key());
    o.apply(new Outbox.Signed("finalize:a", 7, "0xraw-a", "0xhash-a"));
    assertEquals(8, o.nextNonce());
    assertEquals("finalize:b", o.nextToSign().orElseThrow().key());
    o.apply(new Outbox.Signed("finalize:b", 8, "0xraw-b", "0xhash-b"));
    assertTrue(o.nextToSign().isEmpty());
    assertEquals(List.of("0xhash-a", "0xhash-b"), o.inFlight().stream().map(Outbox.Entry::txHash).toList());
    o.apply(new Outbox.Mined("finalize:b", true, 51_000, 12));
    assertEquals(List.of("0xhash-a"), o.inFlight().stream().map(Outbox.Entry::txHash).toList());
    assertEquals(Status.MINED, o.entry("finalize:b").orElseThrow().status());
  }

  @Test
  void shouldSendAnIntentOnceWhateverAsksForItAgain() {
    Outbox o = Outbox.empty().apply(new Outbox.NonceRead(0));
    o.apply(new Outbox.Queued(intent("reveal:t1:w1")));
    o.apply(new Outbox.Signed("reveal:t1:w1", 0, "0xraw", "0xhash"));
    o.apply(new Outbox.Queued(new Intent("reveal:t1:w1", HUB, "0xother", BigInteger.ONE)));
    assertTrue(o.nextToSign().isEmpty(), "a second intent of the same key is no new transaction");
    assertEquals("0xabcdef", o.entry("reveal:t1:w1").orElseThrow().intent().data());
    o.apply(new Outbox.Signed("reveal:t1:w1", 1, "0xraw2", "0xhash2"));
    assertEquals(1, o.nextNonce(), "a signed intent is not signed again");
    assertEquals("0xhash", o.entry("reveal:t1:w1").orElseThrow().txHash());
  }

  @Test
  void shouldIgnoreASignatureWithAnotherNonceThanTheNextOne() {
    Outbox o = Outbox.empty().apply(new Outbox.NonceRead(3)).apply(new Outbox.NonceRead(9));
    assertEquals(3, o.nextNonce(), "the chain is asked once; later the outbox knows better");
    o.apply(new Outbox.Queued(intent("k")));
    o.apply(new Outbox.Signed("k", 4, "0xraw", "0xhash"));
    assertEquals(Status.QUEUED, o.entry("k").orElseThrow().status());
    o.apply(new Outbox.Mined("k", true, 1, 1));
    assertEquals(Status.QUEUED, o.entry("k").orElseThrow().status(), "no receipt for what was never sent");
  }

  @Test
  void shouldRecoverTheSameStateFromItsSnapshot() {
    Outbox o = Outbox.empty().apply(new Outbox.NonceRead(1));
    o.apply(new Outbox.Queued(intent("a"))).apply(new Outbox.Queued(intent("b"))).apply(new Outbox.Queued(intent("c")));
    o.apply(new Outbox.Signed("a", 1, "0xra", "0xha")).apply(new Outbox.Signed("b", 2, "0xrb", "0xhb"));
    o.apply(new Outbox.Mined("a", false, 90_000, 5));
    Outbox r = Outbox.fromSnapshot(o.toSnapshot());
    assertEquals(o.entries(), r.entries());
    assertEquals(o.nextNonce(), r.nextNonce());
    assertEquals(o.inFlight(), r.inFlight());
    assertEquals("c", r.nextToSign().orElseThrow().key());
    assertFalse(r.entry("a").orElseThrow().success(), "a reverted transaction is mined, not retried");
  }

  @Test
  void aDisplacedTransactionIsSignedAgainWithANonceNobodyTook() {
    Outbox o = Outbox.empty().apply(new Outbox.NonceRead(7));
    o.apply(new Outbox.Queued(intent("reveal:a"))).apply(new Outbox.Queued(intent("reveal:b")));
    o.apply(new Outbox.Signed("reveal:a", 7, "0xraw-a", "0xhash-a"));
    o.apply(new Outbox.Signed("reveal:b", 8, "0xraw-b", "0xhash-b"));
    // someone else's transaction took nonce 7: reveal:b (nonce 8) follows it, reveal:a never can
    o.apply(new Outbox.Displaced("reveal:a", 8));
    assertEquals(Outbox.Status.QUEUED, o.entry("reveal:a").orElseThrow().status());
    assertEquals("reveal:a", o.nextToSign().orElseThrow().key());
    assertEquals(9, o.nextNonce(), "after the nonces signed already");
    assertEquals(List.of("0xhash-b"), o.inFlight().stream().map(Outbox.Entry::txHash).toList());
    o.apply(new Outbox.Displaced("reveal:a", 8));
    assertEquals(9, o.nextNonce(), "only a signed transaction is displaced");
    o.apply(new Outbox.Signed("reveal:a", 9, "0xraw-a2", "0xhash-a2"));
    assertEquals(Outbox.fromSnapshot(o.toSnapshot()).entries(), o.entries());
  }
}
