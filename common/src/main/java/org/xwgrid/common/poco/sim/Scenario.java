package org.xwgrid.common.poco.sim;

import org.xwgrid.common.poco.Poco;

/**
 * What one simulation run models: {@code workers} workers of which {@code round(saboteurs ·
 * workers)} are saboteurs; a saboteur's replica is wrong with probability {@code sabotageRate}
 * (with {@code collude} every wrong result is the same value, otherwise each is distinct); honest
 * workers are always right. {@code tasks} tasks run one after another; {@code seed} fixes every
 * random draw.
 */
public record Scenario(int workers, double saboteurs, double sabotageRate, boolean collude, long trust, int tasks, long seed) {
  public Scenario {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, not " + workers);
    }
    if (!(saboteurs >= 0 && saboteurs < 1)) {
      throw new IllegalArgumentException("the saboteur fraction must be in [0, 1), not " + saboteurs);
    }
    if (!(sabotageRate >= 0 && sabotageRate <= 1)) {
      throw new IllegalArgumentException("the sabotage rate must be in [0, 1], not " + sabotageRate);
    }
    Poco.requireTrust(trust);
    if (tasks < 1) {
      throw new IllegalArgumentException("tasks must be at least 1, not " + tasks);
    }
  }

  /** How many of the workers are saboteurs: {@code round(saboteurs · workers)}. */
  public int saboteurCount() {
    return (int) Math.round(saboteurs * workers);
  }

  public Scenario withTrust(long newTrust) {
    return new Scenario(workers, saboteurs, sabotageRate, collude, newTrust, tasks, seed);
  }
}
