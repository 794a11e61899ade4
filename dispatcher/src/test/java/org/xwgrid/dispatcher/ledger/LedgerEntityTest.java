package org.xwgrid.dispatcher.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xwgrid.common.poco.Ledger;
import org.xwgrid.common.poco.Settlement;
import org.xwgrid.dispatcher.Problem;
import org.xwgrid.dispatcher.ledger.LedgerEntity.Applied;
import org.xwgrid.dispatcher.ledger.LedgerEntity.Book;
import org.xwgrid.dispatcher.ledger.LedgerEntity.Command;
import org.xwgrid.dispatcher.ledger.LedgerEntity.Event;
import org.xwgrid.dispatcher.testing.TestingActorSystem;

@ExtendWith(LogCapturingExtension.class)
class LedgerEntityTest {
  private static final ActorTestKit testKit = TestingActorSystem.testKit("LedgerEntityTest");
  private static final AtomicInteger ids = new AtomicInteger();
  private static final long T0 = 1_800_000_000_000L;

  private final EventSourcedBehaviorTestKit<Command, Event, Book> kit =
      EventSourcedBehaviorTestKit.create(
          testKit.system(),
          LedgerEntity.create("test-" + ids.incrementAndGet()),
          EventSourcedBehaviorTestKit.enabledSerializationSettings().withVerifyState(false));

  @AfterAll
  static void tearDown() {
    testKit.shutdownTestKit();
  }

  private EventSourcedBehaviorTestKit.CommandResultWithReply<Command, Event, Book, StatusReply<Applied>> apply(
      String key, Ledger.Op... ops) {
    return kit.runCommand(r -> new LedgerEntity.Apply(key, List.of(ops), T0, r));
  }

  @Test
  void appliesEachKeyOnceAndSurvivesARestart() {
    var first = apply("deposit-1", new Ledger.Deposit("alice", 100), new Ledger.Lock("alice", 40));
    assertTrue(first.reply().getValue().applied());
    assertEquals(new LedgerEntity.OpsApplied("deposit-1", List.of(new Ledger.Deposit("alice", 100), new Ledger.Lock("alice", 40)), T0), first.event());
    var again = apply("deposit-1", new Ledger.Deposit("alice", 100), new Ledger.Lock("alice", 40));
    assertFalse(again.reply().getValue().applied(), "a retried entry changes nothing");
    assertTrue(again.hasNoEvents());
    assertEquals(new Ledger.Account(60, 40), kit.restart().state().ledger().account("alice"));
    var balance = kit.<LedgerEntity.AccountBalance>runCommand(r -> new LedgerEntity.GetAccount("alice", r)).reply();
    assertEquals(new LedgerEntity.AccountBalance("alice", 60, 40), balance);
    assertTrue(kit.restart().state().applied("deposit-1"), "the key survives recovery too");
  }

  @Test
  void refusesAWholeListWith402WhenCreditsAreShort() {
    apply("d", new Ledger.Deposit("alice", 10));
    var refused = apply("lock-job-1", new Ledger.Lock("alice", 5), new Ledger.Lock("alice", 6));
    assertTrue(refused.hasNoEvents());
    Problem p = Problem.of(refused.reply().getError());
    assertEquals(402, p.status());
    assertEquals("alice has 5 credits free, 6 needed", p.getMessage());
    assertEquals(new Ledger.Account(10, 0), refused.state().ledger().account("alice"), "nothing half-done");
    assertFalse(refused.state().applied("lock-job-1"), "a refused key may be tried again");
    assertEquals(400, Problem.of(apply(" ").reply().getError()).status());
  }

  @Test
  void aSettlementBalancesToTheUnitAcrossSnapshotsAndRecovery() {
    apply("fund", new Ledger.Deposit("req", 1000), new Ledger.Deposit("w1", 300), new Ledger.Deposit("w2", 300));
    apply("lock", new Ledger.Lock("req", 1000), new Ledger.Lock("w1", 300), new Ledger.Lock("w2", 300));
    Settlement.Outcome o =
        Settlement.finalized("task:1", "req", 1000, "pool", 1,
            List.of(new Settlement.Contributor("w1", 300, 32, true), new Settlement.Contributor("w2", 300, 2, false)));
    apply("settle-1", o.ops().toArray(Ledger.Op[]::new));
    Book before = kit.getState();
    LedgerEntity.Snapshot snap = before.toSnapshot();
    Book back = Book.fromSnapshot(snap);
    assertEquals(before.ledger().accounts(), back.ledger().accounts());
    assertEquals(1600, back.ledger().total());
    var all = kit.<LedgerEntity.Balances>runCommand(r -> new LedgerEntity.GetAll(r)).reply();
    assertEquals(1600, all.total());
    assertEquals(1600, all.accounts().values().stream().mapToLong(Ledger.Account::sum).sum());
    assertEquals(new Ledger.Account(300 + 1287, 0), all.accounts().get("w1"), "stake back and the whole workers' reward");
    assertFalse(all.accounts().containsKey("w2"), "the loser's stake was seized");
    assertEquals(new Ledger.Account(1000 + 300 - 1287, 0), all.accounts().get("pool"));
    assertEquals(before.ledger().accounts(), kit.restart().state().ledger().accounts());
  }
}
