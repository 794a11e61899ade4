package org.xwgrid.common.poco;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credibility vote of one task (Sarmenta's voting as in iExec PoCo v5): per result hash a
 * group weight, the product of its contributors' weights, and a total that grows with every change
 * of a group, {@code delta = max(group, 1) · w − group}. Pure and mutable; one instance per task.
 * Groups are kept in the order they first appeared, so ties go to the earlier group.
 */
public final class TaskConsensus {
  /** A worker's vote: its result hash and the weight it had when it voted. */
  public record Contribution(String worker, String resultHash, long weight, boolean rejected) {}

  private final Map<String, Contribution> byWorker = new LinkedHashMap<>();
  private final Map<String, BigInteger> groups = new LinkedHashMap<>();
  private BigInteger total = BigInteger.ONE;

  /** Adds a vote; a worker votes at most once per task. */
  public void contribute(String worker, String resultHash, long weight) {
    if (byWorker.containsKey(worker)) {
      throw new IllegalStateException(worker + " already contributed to this task");
    }
    if (weight < 1) {
      throw new IllegalArgumentException("a weight is at least 1, not " + weight);
    }
    BigInteger group = groups.getOrDefault(resultHash, BigInteger.ZERO);
    BigInteger delta = group.max(BigInteger.ONE).multiply(BigInteger.valueOf(weight)).subtract(group);
    groups.put(resultHash, group.add(delta));
    total = total.add(delta);
    byWorker.put(worker, new Contribution(worker, resultHash, weight, false));
  }

  /**
   * Rejects a group (its winners did not reveal in time): its contributions are marked rejected,
   * its weight leaves the total and the group restarts from zero.
   */
  public void reject(String resultHash) {
    BigInteger group = groups.getOrDefault(resultHash, BigInteger.ZERO);
    total = total.subtract(group);
    groups.put(resultHash, BigInteger.ZERO);
    byWorker.replaceAll((w, c) -> c.resultHash().equals(resultHash) ? new Contribution(w, resultHash, c.weight(), true) : c);
  }

  public boolean contributed(String worker) {
    return byWorker.containsKey(worker);
  }

  public BigInteger group(String resultHash) {
    return groups.getOrDefault(resultHash, BigInteger.ZERO);
  }

  public BigInteger total() {
    return total;
  }

  /** The heaviest group with a positive weight (the earliest one on a tie). */
  public Optional<String> leader() {
    String best = null;
    BigInteger weight = BigInteger.ZERO;
    for (Map.Entry<String, BigInteger> g : groups.entrySet()) {
      if (g.getValue().compareTo(weight) > 0) {
        best = g.getKey();
        weight = g.getValue();
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code group / total}, for display. */
  public double credibility(String resultHash) {
    return new BigDecimal(group(resultHash)).divide(new BigDecimal(total), MathContext.DECIMAL64).doubleValue();
  }

  /** The hash that reached consensus at this trust, if any. */
  public Optional<String> consensus(long trust) {
    return leader().filter(h -> Poco.reached(group(h), total, trust));
  }

  /** Whether one more replica should be handed out, given the weights of the pending ones. */
  public boolean needMore(Collection<Long> pendingWeights, long trust) {
    Optional<String> leader = leader();
    BigInteger lead = leader.map(this::group).orElse(BigInteger.ZERO);
    BigInteger others = BigInteger.ZERO;
    for (Map.Entry<String, BigInteger> g : groups.entrySet()) {
      if (leader.isEmpty() || !g.getKey().equals(leader.get())) {
        others = others.add(g.getValue());
      }
    }
    return Poco.needMore(lead, others, pendingWeights, trust);
  }

  /** Every vote, in arrival order. */
  public List<Contribution> contributions() {
    return new ArrayList<>(byWorker.values());
  }

  /** The votes for this hash that were not rejected. */
  public List<Contribution> voters(String resultHash) {
    return byWorker.values().stream().filter(c -> c.resultHash().equals(resultHash) && !c.rejected()).toList();
  }
}
