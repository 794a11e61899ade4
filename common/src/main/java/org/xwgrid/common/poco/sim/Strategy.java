package org.xwgrid.common.poco.sim;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a simulated grid decides that a task's result is final.
 *
 * <ul>
 *   <li>{@link #CREDIBILITY}: PoCo's credibility vote with optimistic replication, exactly the
 *       dispatcher's rules ({@code TaskConsensus}, {@code Poco}), reputation carried across tasks.
 *   <li>{@code MAJORITY}m: m-first voting: replicas are handed out until one result has m agreeing
 *       votes ({@code majority2} = the first two agreeing results win). No reputation.
 *   <li>{@link #BOINC}: BOINC's adaptive replication: quorum 2, more replicas until two agree; a
 *       host with n ≥ 10 consecutive valid results runs a task it takes first alone with probability
 *       1 − 1/n.
 * </ul>
 */
public enum Strategy {
  CREDIBILITY("credibility", 0),
  MAJORITY2("majority2", 2),
  MAJORITY3("majority3", 3),
  MAJORITY5("majority5", 5),
  BOINC("boinc", 0);

  private final String id;
  private final int quorum;

  Strategy(String id, int quorum) {
    this.id = id;
    this.quorum = quorum;
  }

  /** The name on the command line and in results: {@code credibility}, {@code majority2}, ... */
  public String id() {
    return id;
  }

  /** The agreeing votes an m-first vote needs (0 for the other strategies). */
  int quorum() {
    return quorum;
  }

  /** The strategy of this name, or an {@link IllegalArgumentException} naming the known ones. */
  public static Strategy of(String id) {
    for (Strategy s : values()) {
      if (s.id.equals(id.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown strategy '" + id.strip() + "': known are " + known());
  }

  /** {@code credibility, majority2, ...} */
  public static String known() {
    return Arrays.stream(values()).map(Strategy::id).collect(Collectors.joining(", "));
  }
}
