package org.xwgrid.common.poco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LedgerTest {

  @Test
  void locksAndMovesKeepTheTotal() {
    Ledger l = new Ledger();
    l.apply(new Ledger.Deposit("alice", 100));
    l.apply(new Ledger.Lock("alice", 60));
    l.apply(new Ledger.Move("alice", "task", 25));
    l.apply(new Ledger.Unlock("task", 5));
    assertEquals(new Ledger.Account(40, 35), l.account("alice"));
    assertEquals(new Ledger.Account(5, 20), l.account("task"));
    assertEquals(100, l.total());
    l.apply(new Ledger.Withdraw("task", 5));
    assertEquals(95, l.total());
  }

  @Test
  void refusedOperationsChangeNothingAndSayWhy() {
    Ledger l = new Ledger();
    l.apply(new Ledger.Deposit("alice", 10));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> l.apply(new Ledger.Lock("alice", 11)));
    assertEquals("alice has 10 credits free, 11 needed", e.getMessage());
    assertNotNull(l.refusal(new Ledger.Move("alice", "bob", 1)));
    assertNotNull(l.refusal(new Ledger.Deposit("alice", -1)));
    assertNull(l.refusal(new Ledger.Lock("alice", 10)));
    assertEquals(new Ledger.Account(10, 0), l.account("alice"));
    assertEquals(Map.of("alice", new Ledger.Account(10, 0)), l.accounts());
  }

  @Test
  void aListIsTakenWholeOrNotAtAllAndSnapshotsRebuildTheSameLedger() {
    Ledger l = new Ledger();
    l.apply(new Ledger.Deposit("alice", 10));
    List<Ledger.Op> ok = List.of(new Ledger.Lock("alice", 10), new Ledger.Move("alice", "task", 10));
    assertNull(l.refusal(ok), "the second op relies on the first");
    assertEquals("alice has 0 credits free, 1 needed", l.refusal(List.of(new Ledger.Lock("alice", 10), new Ledger.Lock("alice", 1))));
    assertEquals(new Ledger.Account(10, 0), l.account("alice"), "checking changes nothing");
    ok.forEach(l::apply);
    Ledger back = Ledger.of(l.accounts());
    assertEquals(l.accounts(), back.accounts());
    assertEquals(l.total(), back.total());
    assertThrows(IllegalArgumentException.class, () -> Ledger.of(Map.of("x", new Ledger.Account(-1, 0))));
  }

  /** Property: whatever sequence of operations (refused ones included), the accounts sum to the total. */
  @Test
  void sumIsConservedOverRandomSequences() {
    String[] names = {"a", "b", "c", "pool", "task"};
    for (long seed = 0; seed < 500; seed++) {
      Random r = new Random(seed);
      Ledger l = new Ledger();
      long deposited = 0;
      for (int i = 0; i < 200; i++) {
        String x = names[r.nextInt(names.length)];
        String y = names[r.nextInt(names.length)];
        long amount = r.nextInt(50);
        Ledger.Op op =
            switch (r.nextInt(5)) {
              case 0 -> new Ledger.Deposit(x, amount);
              case 1 -> new Ledger.Withdraw(x, amount);
              case 2 -> new Ledger.Lock(x, amount);
              case 3 -> new Ledger.Unlock(x, amount);
              default -> new Ledger.Move(x, y, amount);
            };
        if (l.refusal(op) == null) {
          l.apply(op);
          if (op instanceof Ledger.Deposit) {
            deposited += amount;
          } else if (op instanceof Ledger.Withdraw) {
            deposited -= amount;
          }
        } else {
          Map<String, Ledger.Account> before = l.accounts();
          assertThrows(IllegalStateException.class, () -> l.apply(op));
          assertEquals(before, l.accounts());
        }
        long sum = l.accounts().values().stream().mapToLong(Ledger.Account::sum).sum();
        assertEquals(deposited, sum, "seed " + seed);
        assertEquals(deposited, l.total(), "seed " + seed);
        assertTrue(l.accounts().values().stream().allMatch(a -> a.balance() >= 0 && a.locked() >= 0));
      }
    }
  }

  /** Property: settling any finalized or failed task keeps the sum and empties the task's escrow. */
  @Test
  void settlementsBalanceToTheUnit() {
    for (long seed = 0; seed < 1000; seed++) {
      Random r = new Random(seed);
      Ledger l = new Ledger();
      long price = r.nextInt(1000);
      long stake = price * 30 / 100;
      l.apply(new Ledger.Deposit("requester", price + 7));
      l.apply(new Ledger.Lock("requester", price));
      List<Settlement.Contributor> cs = new ArrayList<>();
      int n = 1 + r.nextInt(8);
      for (int i = 0; i < n; i++) {
        String w = "w" + i;
        l.apply(new Ledger.Deposit(w, 100 + stake));
        l.apply(new Ledger.Lock(w, stake));
        cs.add(new Settlement.Contributor(w, stake, Poco.weight(r.nextInt(500)), i == 0 || r.nextBoolean()));
      }
      long total = l.total();
      boolean failed = r.nextInt(5) == 0;
      Settlement.Outcome o =
          failed
              ? Settlement.claimed("requester", price, cs)
              : Settlement.finalized("task", "requester", price, "pool", r.nextInt(101), cs);
      o.ops().forEach(l::apply);
      assertEquals(total, l.total());
      assertEquals(total, l.accounts().values().stream().mapToLong(Ledger.Account::sum).sum());
      assertEquals(Ledger.Account.EMPTY, l.account("task"), "seed " + seed);
      assertEquals(0, l.accounts().entrySet().stream().filter(e -> !e.getKey().equals("requester")).mapToLong(e -> e.getValue().locked()).sum());
      assertEquals(0, l.account("requester").locked());
      long rewarded = o.rewards().values().stream().mapToLong(Long::longValue).sum();
      assertEquals(failed ? 0 : price, rewarded, "rewards and seizures net to the price");
    }
  }

  @Test
  void rewardSplitByFloorLog2() {
    // price 1000, one loser seized 300, scheduler 1 %: workers share 1287 in proportion 5:6.
    List<Settlement.Contributor> cs =
        List.of(
            new Settlement.Contributor("w1", 300, 32, true),
            new Settlement.Contributor("w2", 300, 99, true),
            new Settlement.Contributor("w3", 300, 2, false));
    Settlement.Outcome o = Settlement.finalized("task", "req", 1000, "pool", 1, cs);
    assertEquals(1287 * 5 / 11, o.rewards().get("w1"));
    assertEquals(1287 * 6 / 11, o.rewards().get("w2"));
    assertEquals(-300, o.rewards().get("w3"));
    assertEquals(1300 - 1287 * 5 / 11 - 1287 * 6 / 11, o.rewards().get("pool"));
  }
}
