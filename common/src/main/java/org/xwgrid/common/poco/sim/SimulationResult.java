package org.xwgrid.common.poco.sim;

/**
 * What one strategy did on one {@link Scenario}. {@code errorRate} = wrong / finalized (finalized
 * tasks whose result is wrong); {@code replicasPerTask} = every replica handed out (those of
 * unfinalized tasks too) / finalized. Both are NaN when no task was finalized. A task is
 * unfinalized when every worker ran a replica of it without a decision.
 */
public record SimulationResult(
    String strategy,
    int workers,
    double saboteurs,
    double sabotageRate,
    boolean collude,
    long trust,
    int tasks,
    long seed,
    long finalized,
    long wrong,
    long unfinalized,
    long replicas,
    double errorRate,
    double replicasPerTask) {

  static SimulationResult of(Strategy strategy, Scenario s, long finalized, long wrong, long unfinalized, long replicas) {
    double error = finalized == 0 ? Double.NaN : (double) wrong / finalized;
    double perTask = finalized == 0 ? Double.NaN : (double) replicas / finalized;
    return new SimulationResult(strategy.id(), s.workers(), s.saboteurs(), s.sabotageRate(), s.collude(), s.trust(),
        s.tasks(), s.seed(), finalized, wrong, unfinalized, replicas, error, perTask);
  }
}
