package org.xwgrid.common.poco;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a task's credits settle (iExec PoCo v5's finalize and claim), as {@link Ledger} operations.
 * The requester's price for the task and every contribution's stake are locked beforehand; the
 * task's own escrow account passes them on and ends empty.
 *
 * <p>Finalize: the winners' stakes are unlocked; the losers' stakes are seized; the workers'
 * reward {@code (price + seized) · (100 − schedulerRatio) / 100} is split among the winners in
 * proportion to {@code floor(log2(weight))}; what is left (the scheduler's share and the rounding)
 * goes to the scheduler. Claim (the task failed): the requester gets its price back and every
 * stake is unlocked.
 */
public final class Settlement {
  private Settlement() {}

  /** A contribution as settlement sees it: who, the stake it locked, its weight, whether it won. */
  public record Contributor(String account, long stake, long weight, boolean winner) {}

  /** The operations, and what each account received (rewards, seized stakes as negatives). */
  public record Outcome(List<Ledger.Op> ops, Map<String, Long> rewards) {}

  /**
   * Settles a finalized task.
   *
   * @param escrow the task's own account, empty before and after
   * @param requester the account whose locked credits pay {@code price}
   * @param scheduler the workerpool's account, which gets its share and the remainder
   */
  public static Outcome finalized(
      String escrow, String requester, long price, String scheduler, int schedulerRatio, List<Contributor> contributors) {
    if (schedulerRatio < 0 || schedulerRatio > 100) {
      throw new IllegalArgumentException("the scheduler ratio is a percentage, not " + schedulerRatio);
    }
    List<Ledger.Op> ops = new ArrayList<>();
    Map<String, Long> rewards = new LinkedHashMap<>();
    ops.add(new Ledger.Move(requester, escrow, price));
    long pot = price;
    long logWeights = 0;
    for (Contributor c : contributors) {
      if (c.winner()) {
        ops.add(new Ledger.Unlock(c.account(), c.stake()));
        logWeights += Poco.log2Floor(c.weight());
      } else {
        ops.add(new Ledger.Move(c.account(), escrow, c.stake()));
        rewards.merge(c.account(), -c.stake(), Long::sum);
        pot += c.stake();
      }
    }
    long workers = logWeights == 0 ? 0 : Math.multiplyExact(pot, 100L - schedulerRatio) / 100;
    long paid = 0;
    for (Contributor c : contributors) {
      if (c.winner()) {
        long share = Math.multiplyExact(workers, Poco.log2Floor(c.weight())) / logWeights;
        pay(ops, escrow, c.account(), share);
        rewards.merge(c.account(), share, Long::sum);
        paid += share;
      }
    }
    pay(ops, escrow, scheduler, pot - paid);
    rewards.merge(scheduler, pot - paid, Long::sum);
    return new Outcome(List.copyOf(ops), rewards);
  }

  /** Settles a failed task: the requester's price and every stake are unlocked. */
  public static Outcome claimed(String requester, long price, List<Contributor> contributors) {
    List<Ledger.Op> ops = new ArrayList<>();
    ops.add(new Ledger.Unlock(requester, price));
    for (Contributor c : contributors) {
      ops.add(new Ledger.Unlock(c.account(), c.stake()));
    }
    return new Outcome(List.copyOf(ops), Map.of());
  }

  private static void pay(List<Ledger.Op> ops, String escrow, String to, long amount) {
    if (amount > 0) {
      ops.add(new Ledger.Move(escrow, to, amount));
      ops.add(new Ledger.Unlock(to, amount));
    }
  }
}
