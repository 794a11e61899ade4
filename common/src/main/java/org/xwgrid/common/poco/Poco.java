package org.xwgrid.common.poco;

import java.math.BigInteger;
import java.util.Collection;

/**
 * The arithmetic of Proof-of-Contribution (docs/poco.md): a worker's weight from its score, the
 * consensus test, the optimistic "one more replica" prediction, score updates and floor log2.
 * Integer arithmetic only, exactly as iExec PoCo v5 does it; group weights are products of
 * weights and so are {@link BigInteger}s. Pure: no state, no I/O.
 */
public final class Poco {
  private Poco() {}

  /** The weight (odds of being right) of a worker with this score: {@code max(s / 3, 3) − 1}. */
  public static long weight(long score) {
    if (score < 0) {
      throw new IllegalArgumentException("a score is never negative: " + score);
    }
    return Math.max(score / 3, 3) - 1;
  }

  /** Trust must be at least 1 (1 = one execution, no replication). */
  public static long requireTrust(long trust) {
    if (trust < 1) {
      throw new IllegalArgumentException("trust must be at least 1, not " + trust);
    }
    return trust;
  }

  /** Consensus test: {@code group · trust > total · (trust − 1)}, i.e. credibility above 1 − 1/trust. */
  public static boolean reached(BigInteger group, BigInteger total, long trust) {
    requireTrust(trust);
    if (group.signum() <= 0) {
      return false;
    }
    BigInteger t = BigInteger.valueOf(trust);
    return group.multiply(t).compareTo(total.multiply(t.subtract(BigInteger.ONE))) > 0;
  }

  /**
   * Optimistic prediction: whether a task needs one more replica, given the leading group's weight,
   * the summed weight of the other groups, and the weights of the pending replicas. The best case is
   * that every pending replica votes with the leader (or, with no vote yet, that they agree with
   * each other): {@code best = max(leader, 1) · Π pending} ({@code leader} alone when nothing is
   * pending); more is needed unless {@code best · trust > (1 + best + others) · (trust − 1)}.
   */
  public static boolean needMore(BigInteger leader, BigInteger others, Collection<Long> pendingWeights, long trust) {
    requireTrust(trust);
    BigInteger best = leader;
    if (!pendingWeights.isEmpty()) {
      best = leader.max(BigInteger.ONE);
      for (long w : pendingWeights) {
        best = best.multiply(BigInteger.valueOf(w));
      }
    }
    if (best.signum() <= 0) {
      return true;
    }
    BigInteger t = BigInteger.valueOf(trust);
    BigInteger total = BigInteger.ONE.add(best).add(others);
    return best.multiply(t).compareTo(total.multiply(t.subtract(BigInteger.ONE))) <= 0;
  }

  /** The score after a contribution in the winning group: +1, only if the task was replicated. */
  public static long scoreAfterWin(long score, boolean replicated) {
    return replicated ? score + 1 : score;
  }

  /** The score after a losing (wrong or unrevealed) contribution: {@code s · 2 / 3}. */
  public static long scoreAfterLoss(long score) {
    return score * 2 / 3;
  }

  /** {@code floor(log2(x))} for {@code x ≥ 1}, as PoCo ≥ v5.5 weighs reward shares. */
  public static int log2Floor(long x) {
    if (x < 1) {
      throw new IllegalArgumentException("log2 of " + x);
    }
    return 63 - Long.numberOfLeadingZeros(x);
  }
}
