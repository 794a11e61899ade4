package org.xwgrid.common.poco.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** What the simulator must show, on runs of well under a second each. */
class SimulationTest {
  private static final List<Strategy> ALL = List.of(Strategy.values());

  private static Scenario scenario(int workers, double f, double s, boolean collude, long trust, int tasks) {
    return new Scenario(workers, f, s, collude, trust, tasks, 42);
  }

  @ParameterizedTest
  @EnumSource(Strategy.class)
  void shouldGiveTheSameResultForTheSameSeed(Strategy strategy) {
    Scenario s = scenario(50, 0.3, 0.5, true, 100, 2000);
    assertEquals(Simulation.run(s, strategy), Simulation.run(s, strategy));
    Scenario other = new Scenario(50, 0.3, 0.5, true, 100, 2000, 43);
    assertNotEquals(Simulation.run(s, strategy).replicas(), Simulation.run(other, strategy).replicas());
  }

  @Test
  void shouldNeverErrWithoutSaboteurs() {
    for (SimulationResult r : Simulation.run(scenario(30, 0, 1, true, 100, 1000), ALL)) {
      assertEquals(0, r.wrong(), r.toString());
      assertEquals(0.0, r.errorRate(), r.toString());
      assertEquals(1000, r.finalized(), r.toString());
      assertEquals(0, r.unfinalized(), r.toString());
    }
  }

  @ParameterizedTest
  @CsvSource({"majority2,2", "majority3,3", "majority5,5"})
  void shouldHandOutExactlyMReplicasWhenEveryoneAgrees(String strategy, int m) {
    SimulationResult r = Simulation.run(scenario(30, 0, 1, true, 100, 500), Strategy.of(strategy));
    assertEquals(m, r.replicasPerTask());
  }

  @Test
  void shouldRunEachTaskOnceAtTrustOne() {
    assertEquals(1.0, Simulation.run(scenario(30, 0, 1, true, 1, 500), Strategy.CREDIBILITY).replicasPerTask());
    // trust 1 asks for no replication, whatever the saboteurs do: their wrong results are accepted
    SimulationResult r = Simulation.run(scenario(30, 0.2, 1, true, 1, 500), Strategy.CREDIBILITY);
    assertEquals(1.0, r.replicasPerTask());
    assertTrue(r.wrong() > 0, r.toString());
  }

  /** The first task meets fresh workers only: exactly the replicas of POCO.md's table. */
  @ParameterizedTest
  @CsvSource({"1,1", "2,1", "3,2", "5,3", "10,4", "100,7", "1000,10", "10000,14"})
  void shouldHandOutThePocoTablesFreshReplicasOnTheFirstTask(long trust, long replicas) {
    assertEquals(replicas, Simulation.run(scenario(30, 0, 1, true, trust, 1), Strategy.CREDIBILITY).replicas());
  }

  @Test
  void shouldNeedFewerReplicasOnceWorkersHaveAReputation() {
    SimulationResult first = Simulation.run(scenario(20, 0, 1, true, 100, 1), Strategy.CREDIBILITY);
    SimulationResult many = Simulation.run(scenario(20, 0, 1, true, 100, 5000), Strategy.CREDIBILITY);
    assertEquals(7.0, first.replicasPerTask());
    assertTrue(many.replicasPerTask() < 2, many.toString());
  }

  @Test
  void shouldErrMoreWithMajorityTwoThanMajorityFiveWhenSaboteursCollude() {
    List<SimulationResult> r =
        Simulation.run(scenario(100, 0.3, 1, true, 100, 3000), List.of(Strategy.MAJORITY2, Strategy.MAJORITY5));
    assertTrue(r.get(0).errorRate() > r.get(1).errorRate(), r.toString());
    assertTrue(r.get(1).wrong() > 0, "colluding saboteurs beat majority5 too at f = 0.3: " + r);
  }

  @Test
  void shouldNeverErrByMajorityWhenWrongResultsDiffer() {
    for (Strategy m : List.of(Strategy.MAJORITY2, Strategy.MAJORITY3, Strategy.MAJORITY5)) {
      SimulationResult r = Simulation.run(scenario(100, 0.4, 1, false, 100, 2000), m);
      assertEquals(0, r.wrong(), r.toString());
      assertTrue(r.replicasPerTask() > m.quorum(), "disagreeing saboteurs cost replicas: " + r);
    }
  }

  /** POCO.md's requirement, on one scenario: below 1/trust, with fewer replicas than majority5. */
  @Test
  void shouldKeepCredibilityErrorsBelowOneOverTrustWithColludingSaboteurs() {
    Scenario s = scenario(100, 0.2, 1, true, 100, 20000);
    SimulationResult credibility = Simulation.run(s, Strategy.CREDIBILITY);
    SimulationResult majority5 = Simulation.run(s, Strategy.MAJORITY5);
    assertEquals(20000, credibility.finalized());
    assertTrue(credibility.errorRate() < 1.0 / 100, credibility.toString());
    assertTrue(credibility.errorRate() < majority5.errorRate(), credibility + " vs " + majority5);
    assertTrue(credibility.replicasPerTask() < majority5.replicasPerTask(), credibility + " vs " + majority5);
  }

  @Test
  void shouldReplicateEveryBoincTaskUntilHostsAreTrusted() {
    // 5 tasks on 100 hosts: nobody has 10 consecutive valid results yet, each task runs on 2
    assertEquals(10, Simulation.run(scenario(100, 0, 1, true, 100, 5), Strategy.BOINC).replicas());
    // then trusted hosts mostly run tasks alone
    SimulationResult r = Simulation.run(scenario(20, 0, 1, true, 100, 5000), Strategy.BOINC);
    assertTrue(r.replicasPerTask() < 1.5, r.toString());
  }

  @Test
  void shouldLetTrustedBoincSaboteursThroughUnchecked() {
    // saboteurs wrong 10% of the time earn trust like everyone else, then run tasks alone
    SimulationResult r = Simulation.run(scenario(100, 0.2, 0.1, false, 100, 20000), Strategy.BOINC);
    assertTrue(r.wrong() > 0, r.toString());
    assertTrue(r.replicasPerTask() < 1.5, r.toString());
  }

  @ParameterizedTest
  @EnumSource(Strategy.class)
  void shouldLeaveTasksUnfinalizedWhenEveryWorkerRanThem(Strategy strategy) {
    // two workers, one always wrong on its own: no two results ever agree
    SimulationResult r = Simulation.run(scenario(2, 0.5, 1, false, 100, 50), strategy);
    if (strategy == Strategy.CREDIBILITY || strategy.quorum() > 0) {
      assertEquals(0, r.finalized(), r.toString());
      assertEquals(50, r.unfinalized(), r.toString());
      assertEquals(100, r.replicas(), r.toString());
      assertTrue(Double.isNaN(r.errorRate()), r.toString());
    } else {
      // BOINC's quorum of 2 is never met either
      assertEquals(50, r.unfinalized(), r.toString());
    }
  }

  @Test
  void shouldMakeTheRoundedFractionOfTheWorkersSaboteurs() {
    // with s = 1 and trust 1 a credibility task is wrong exactly when it lands on a saboteur:
    // 10 of 100 workers, so about 10% of the tasks
    SimulationResult r = Simulation.run(scenario(100, 0.1, 1, true, 1, 20000), Strategy.CREDIBILITY);
    assertEquals(0.1, r.errorRate(), 0.01);
  }
}
