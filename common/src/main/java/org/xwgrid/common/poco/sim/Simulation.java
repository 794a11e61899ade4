package org.xwgrid.common.poco.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.xwgrid.common.poco.Poco;
import org.xwgrid.common.poco.TaskConsensus;

/**
 * A seeded Monte Carlo run of one {@link Strategy} on one {@link Scenario}: tasks one after
 * another, each task's replicas on distinct random workers, reputations carried from task to task.
 * The credibility strategy runs the dispatcher's own PoCo code ({@link TaskConsensus},
 * {@link Poco}). Pure: no I/O, and the same scenario gives the same result.
 *
 * <p>Every strategy of a scenario starts from the same seed, so they face the same saboteurs.
 */
public final class Simulation {
  private static final String RIGHT = "right";
  private static final String COLLUDED = "wrong";
  /** BOINC trusts a host after this many consecutive valid results. */
  static final int BOINC_TRUSTED = 10;

  private final Scenario scenario;
  private final Strategy strategy;
  private final SplittableRandom random;
  private final boolean[] saboteur;
  /** A permutation of the workers; its first {@code used} ran a replica of the current task. */
  private final int[] order;
  private int used;
  /** PoCo scores (credibility), from 0. */
  private final long[] score;
  /** BOINC's consecutive valid results per host, from 0. */
  private final long[] consecutiveValid;
  private long replicas;

  private Simulation(Scenario scenario, Strategy strategy) {
    this.scenario = scenario;
    this.strategy = strategy;
    this.random = new SplittableRandom(scenario.seed());
    int n = scenario.workers();
    this.saboteur = new boolean[n];
    this.order = new int[n];
    this.score = new long[n];
    this.consecutiveValid = new long[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    // the saboteurs: the first of a shuffle, drawn before anything else, so that every strategy
    // of a scenario faces the same ones
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int w = order[j];
      order[j] = order[i];
      order[i] = w;
    }
    for (int i = 0; i < scenario.saboteurCount(); i++) {
      saboteur[order[i]] = true;
    }
  }

  public static SimulationResult run(Scenario scenario, Strategy strategy) {
    return new Simulation(scenario, strategy).run();
  }

  public static List<SimulationResult> run(Scenario scenario, List<Strategy> strategies) {
    return strategies.stream().map(s -> run(scenario, s)).toList();
  }

  private SimulationResult run() {
    long finalized = 0;
    long wrong = 0;
    long unfinalized = 0;
    for (int task = 0; task < scenario.tasks(); task++) {
      used = 0;
      String result =
          switch (strategy) {
            case CREDIBILITY -> credibility(task);
            case BOINC -> boinc(task);
            default -> firstToAgree(task, strategy.quorum(), new ArrayList<>(), new ArrayList<>());
          };
      if (result == null) {
        unfinalized++;
      } else {
        finalized++;
        if (!RIGHT.equals(result)) {
          wrong++;
        }
      }
    }
    return SimulationResult.of(strategy, scenario, finalized, wrong, unfinalized, replicas);
  }

  /**
   * The dispatcher's rules (its {@code ReplicatedTask}): hand out replicas while even their best
   * case (every pending one voting with the leader) misses consensus; contributions arrive one at a
   * time, in the order the replicas were handed out, and after each the dispatcher hands out more
   * if the prediction asks for it. Consensus is checked at every contribution; replicas still
   * pending then are refused (they cost a replica, they do not vote). Finally the winners' scores
   * grow by 1 if the task had more than one contribution, the other contributors' drop to 2/3.
   */
  private String credibility(int task) {
    long trust = scenario.trust();
    TaskConsensus vote = new TaskConsensus();
    ArrayDeque<Integer> pending = new ArrayDeque<>();
    ArrayDeque<Long> weights = new ArrayDeque<>();
    Optional<String> consensus = Optional.empty();
    while (consensus.isEmpty()) {
      while (vote.needMore(weights, trust)) {
        int w = nextWorker();
        if (w < 0) {
          break;
        }
        pending.add(w);
        weights.add(Poco.weight(score[w]));
      }
      if (pending.isEmpty()) {
        return null; // every worker has run this task (without pending votes, needMore holds until consensus)
      }
      int w = pending.remove();
      vote.contribute(Integer.toString(w), result(task, w), weights.remove());
      consensus = vote.consensus(trust);
    }
    String winner = consensus.get();
    List<TaskConsensus.Contribution> contributions = vote.contributions();
    boolean replicated = contributions.size() > 1;
    for (TaskConsensus.Contribution c : contributions) {
      int w = Integer.parseInt(c.worker());
      score[w] = c.resultHash().equals(winner) ? Poco.scoreAfterWin(score[w], replicated) : Poco.scoreAfterLoss(score[w]);
    }
    return winner;
  }

  /**
   * BOINC's adaptive replication. The host that takes the task first runs it alone if it is
   * trusted (n ≥ 10 consecutive valid results) and a draw of probability 1 − 1/n says so; its
   * result is accepted unchecked, and n does not change (BOINC's validator counts only replicated
   * results). Otherwise quorum 2: more replicas until two results agree; the agreeing hosts' n
   * grows by 1, the others' falls to 0.
   */
  private String boinc(int task) {
    int first = nextWorker();
    if (first < 0) {
      return null;
    }
    long n = consecutiveValid[first];
    if (n >= BOINC_TRUSTED && random.nextDouble() < 1 - 1.0 / n) {
      return result(task, first);
    }
    List<Integer> voters = new ArrayList<>(List.of(first));
    List<String> results = new ArrayList<>(List.of(result(task, first)));
    String canonical = firstToAgree(task, 2, voters, results);
    if (canonical != null) {
      for (int i = 0; i < voters.size(); i++) {
        int w = voters.get(i);
        consecutiveValid[w] = results.get(i).equals(canonical) ? consecutiveValid[w] + 1 : 0;
      }
    }
    return canonical;
  }

  /**
   * m-first voting: one more replica at a time until a result has {@code m} votes, counting those
   * already in {@code voters}/{@code results} (both grow). Handing out m − lead replicas at once,
   * as a dispatcher would, gives the same outcome: no result can reach m before the last of them.
   * Null when every worker has run the task without a decision.
   */
  private String firstToAgree(int task, int m, List<Integer> voters, List<String> results) {
    Map<String, Integer> votes = new HashMap<>();
    for (String r : results) {
      if (votes.merge(r, 1, Integer::sum) >= m) {
        return r;
      }
    }
    while (true) {
      int w = nextWorker();
      if (w < 0) {
        return null;
      }
      String r = result(task, w);
      voters.add(w);
      results.add(r);
      if (votes.merge(r, 1, Integer::sum) >= m) {
        return r;
      }
    }
  }

  /**
   * A random worker that has not run this task yet (-1 if there is none), counted as a replica:
   * a partial Fisher–Yates shuffle of {@link #order}.
   */
  private int nextWorker() {
    if (used == order.length) {
      return -1;
    }
    int j = used + random.nextInt(order.length - used);
    int w = order[j];
    order[j] = order[used];
    order[used] = w;
    used++;
    replicas++;
    return w;
  }

  /** What worker {@code w} returns for this task: a saboteur errs with the sabotage rate. */
  private String result(int task, int w) {
    if (saboteur[w] && random.nextDouble() < scenario.sabotageRate()) {
      return scenario.collude() ? COLLUDED : "wrong-" + task + "-" + w;
    }
    return RIGHT;
  }
}
