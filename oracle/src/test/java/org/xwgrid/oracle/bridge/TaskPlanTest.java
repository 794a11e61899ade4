package org.xwgrid.oracle.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.dispatcher.job.JobEntity.ChainReplica;
import org.xwgrid.dispatcher.job.JobEntity.ChainTask;
import org.xwgrid.dispatcher.job.JobEntity.ObserveChain;
import org.xwgrid.oracle.bridge.TaskPlan.HubContribution;
import org.xwgrid.oracle.bridge.TaskPlan.HubTask;
import org.xwgrid.oracle.bridge.TaskPlan.Plan;

class TaskPlanTest {
  private static final String TASK = "0x" + "ab".repeat(32);
  private static final String A = "0x" + "0a".repeat(20);
  private static final String B = "0x" + "0b".repeat(20);
  private static final String C = "0x" + "0c".repeat(20);
  private static final String GOOD = "0x" + "11".repeat(32);
  private static final String BAD = "0x" + "66".repeat(32);
  private static final String DIGEST = "0x" + "dd".repeat(32);
  private static final String SIGN = "0x" + "51".repeat(65);
  private static final DataRef RESULT = new DataRef("ee".repeat(32), 10, "result.zip");

  private static ChainReplica contributed(String worker, String address, String hash) {
    return new ChainReplica(worker, address, "CONTRIBUTED", hash, "0x" + "5e".repeat(32), SIGN, null, null);
  }

  private static ChainReplica revealed(String worker, String address) {
    return new ChainReplica(worker, address, "REVEALED", GOOD, "0x" + "5e".repeat(32), SIGN, DIGEST, SIGN);
  }

  private static HubTask hub(String status, String consensus, long reveals, long winners, Map<String, HubContribution> cs, long now) {
    return new HubTask(status, consensus, reveals, winners, 1_000, 5_000, cs, now);
  }

  private static Map<String, HubContribution> on(String... addressStatusHash) {
    Map<String, HubContribution> m = new LinkedHashMap<>();
    for (int i = 0; i < addressStatusHash.length; i += 3) {
      m.put(addressStatusHash[i], new HubContribution(addressStatusHash[i + 1], addressStatusHash[i + 2]));
    }
    return m;
  }

  @Test
  void aTaskNotYetOnTheHubIsInitializedAndTheGridToldNothing() {
    Plan p = TaskPlan.plan(2, hub("UNSET", null, 0, 0, Map.of(), 10), new ChainTask(2, TASK, null, null, List.of(), null));
    assertEquals(List.of(new TaskPlan.Initialize()), p.actions());
    assertNull(p.observe());
    assertFalse(p.closed());
  }

  @Test
  void everySignedContributionTheHubLacksIsRelayedOnce() {
    ChainReplica unsigned = new ChainReplica("w3", C, "CONTRIBUTED", GOOD, GOOD, null, null, null);
    ChainReplica running = new ChainReplica("w4", "0x" + "0d".repeat(20), "ASSIGNED", null, null, null, null, null);
    ChainTask grid = new ChainTask(0, TASK, "OPEN", null, List.of(contributed("w1", A, GOOD), contributed("w2", B, BAD), unsigned, running), null);
    Plan p = TaskPlan.plan(0, hub("ACTIVE", "0x" + "00".repeat(32), 0, 0, on(A, "CONTRIBUTED", GOOD), 10), grid);
    assertEquals(List.of(new TaskPlan.Contribute(contributed("w2", B, BAD))), p.actions(), "the hub has w1's; w3's cannot be relayed");
    assertEquals(new ObserveChain(0, "ACTIVE", null, List.of(A)), p.observe());
    assertFalse(p.closed());
  }

  @Test
  void anActiveTaskPastItsFinalDeadlineIsLeftToTheRequestersClaim() {
    ChainTask grid = new ChainTask(0, TASK, "OPEN", null, List.of(contributed("w2", B, GOOD)), null);
    Plan p = TaskPlan.plan(0, hub("ACTIVE", null, 0, 0, Map.of(), 5_000), grid);
    assertEquals(List.of(), p.actions());
    assertTrue(p.closed());
  }

  @Test
  void theWinnersRevealsAreRelayedThenTheResultFinalized() {
    String consensus = GOOD.toUpperCase().replace("0X", "0x");
    ChainTask grid = new ChainTask(0, TASK, "REVEALING", GOOD,
        List.of(revealed("w1", A), revealed("w2", B), contributed("w3", C, BAD)), RESULT);
    Map<String, HubContribution> cs = on(A, "PROVED", GOOD, B, "CONTRIBUTED", GOOD, C, "CONTRIBUTED", BAD);
    Plan p = TaskPlan.plan(0, hub("REVEALING", consensus, 1, 2, cs, 10), grid);
    assertEquals(List.of(new TaskPlan.Reveal(revealed("w2", B))), p.actions(), "w1's is in, w3 lost: only w2's, no finalize yet");
    assertEquals(new ObserveChain(0, "REVEALING", GOOD, List.of(A, B, C)), p.observe());

    Map<String, HubContribution> proved = on(A, "PROVED", GOOD, B, "PROVED", GOOD, C, "CONTRIBUTED", BAD);
    assertEquals(List.of(new TaskPlan.Finalize(RESULT, DIGEST)), TaskPlan.plan(0, hub("REVEALING", GOOD, 2, 2, proved, 10), grid).actions());
    ChainTask notUploaded = new ChainTask(0, TASK, "REVEALING", GOOD, grid.replicas(), null);
    assertEquals(List.of(), TaskPlan.plan(0, hub("REVEALING", GOOD, 2, 2, proved, 10), notUploaded).actions(), "the grid has no result yet");
  }

  @Test
  void pastTheRevealDeadlineSomeRevealsFinalizeAndNoneReopens() {
    ChainTask grid = new ChainTask(0, TASK, "REVEALING", GOOD, List.of(revealed("w1", A), revealed("w2", B)), RESULT);
    Map<String, HubContribution> one = on(A, "PROVED", GOOD, B, "CONTRIBUTED", GOOD);
    assertEquals(List.of(new TaskPlan.Finalize(RESULT, DIGEST)), TaskPlan.plan(0, hub("REVEALING", GOOD, 1, 2, one, 1_000), grid).actions(),
        "a late reveal would revert: finalize with the one in");
    Map<String, HubContribution> none = on(A, "CONTRIBUTED", GOOD, B, "CONTRIBUTED", GOOD);
    assertEquals(List.of(new TaskPlan.Reopen()), TaskPlan.plan(0, hub("REVEALING", GOOD, 0, 2, none, 1_000), grid).actions());
  }

  @Test
  void aTaskOverOnTheHubIsClosedAndTheGridTold() {
    ChainTask grid = new ChainTask(0, TASK, "OPEN", null, List.of(), null);
    Plan failed = TaskPlan.plan(0, hub("FAILED", null, 0, 0, Map.of(), 9_000), grid);
    assertTrue(failed.closed());
    assertEquals("FAILED", failed.observe().status());
    Plan done = TaskPlan.plan(0, hub("COMPLETED", GOOD, 2, 2, Map.of(), 900), grid);
    assertTrue(done.closed());
    assertEquals(List.of(), done.actions());
  }
}
