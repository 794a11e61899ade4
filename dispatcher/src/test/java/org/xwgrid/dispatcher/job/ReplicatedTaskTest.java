package org.xwgrid.dispatcher.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.crypto.Secp256k1Key;
import org.xwgrid.common.poco.Poco;
import org.xwgrid.common.poco.ResultCommitment;
import org.xwgrid.common.poco.Settlement;
import org.xwgrid.dispatcher.job.ReplicatedTask.Phase;
import org.xwgrid.dispatcher.job.ReplicatedTask.ReplicaStatus;

/** The PoCo life of one task, with real keys and commitments; time is passed in, never read. */
class ReplicatedTaskTest {
  private static final String TASK = "0x" + "ab".repeat(32);
  private static final String GOOD = "11".repeat(32);
  private static final String BAD = "66".repeat(32);
  private static final long T = 10_000;
  private static final long T0 = 1_000_000;
  private static final long FRESH = Poco.weight(0);

  private static String address(int i) {
    return Secp256k1Key.of(BigInteger.valueOf(1000 + i)).address();
  }

  private static void assign(ReplicatedTask t, int i, long at) {
    assertTrue(t.canAssign("w" + i, at), "w" + i + " can get a replica");
    t.assign("w" + i, address(i), FRESH, at);
  }

  private static void contribute(ReplicatedTask t, int i, String digest, long at) {
    ResultCommitment c = ResultCommitment.of(TASK, digest, address(i));
    t.contribute("w" + i, c.resultHash(), c.resultSeal(), FRESH, at);
  }

  @Test
  void handsOutWhatTheTrustNeedsAndNeverTwiceToOneWorker() {
    ReplicatedTask t = new ReplicatedTask(TASK, 10, T);
    for (int i = 0; i < 4; i++) {
      assertFalse(t.canAssign("w0", T0) && i > 0, "never two replicas of one task to one worker");
      assign(t, i, T0);
    }
    assertFalse(t.canAssign("w4", T0), "four fresh workers can reach trust 10: no fifth replica yet");
    assertThrows(IllegalStateException.class, () -> t.assign("w0", address(0), FRESH, T0));
  }

  @Test
  void pendingReplicasExpireAfterOnePeriodAndFailedOnesAtOnce() {
    ReplicatedTask t = new ReplicatedTask(TASK, 3, T);
    assign(t, 0, T0);
    assign(t, 1, T0);
    assertFalse(t.needMore(T0 + T - 1));
    assertTrue(t.needMore(T0 + T), "silent for one period: no longer pending");
    t.replicaFailed("w1");
    assertTrue(t.needMore(T0 + 1), "a failed replica is not pending");
    assign(t, 2, T0 + 2);
    assertFalse(t.needMore(T0 + 3));
  }

  @Test
  void disagreementCallsForMoreThenConsensusRevealUploadAndSettlement() {
    ReplicatedTask t = new ReplicatedTask(TASK, 10, T);
    for (int i = 0; i < 4; i++) {
      assign(t, i, T0);
    }
    contribute(t, 0, GOOD, T0 + 1);
    contribute(t, 1, GOOD, T0 + 2);
    contribute(t, 2, BAD, T0 + 3); // a saboteur
    contribute(t, 3, GOOD, T0 + 4);
    assertEquals(Phase.OPEN, t.phase(), "8 against 2 is not 90 % credible");
    assign(t, 4, T0 + 5);
    assign(t, 5, T0 + 5);
    assertFalse(t.canAssign("w6", T0 + 5), "two more fresh agreeing votes would be enough");
    contribute(t, 4, GOOD, T0 + 6);
    assertEquals(Phase.OPEN, t.phase());
    contribute(t, 5, GOOD, T0 + 7);
    assertEquals(Phase.REVEALING, t.phase());
    String good = ResultCommitment.of(TASK, GOOD, address(0)).resultHash();
    assertEquals(good, t.consensusHash());
    assertEquals(BigInteger.valueOf(32), t.vote().group(good));
    assertEquals(T0 + 7 + 2 * T, t.revealDeadline());
    assertEquals(List.of("w0", "w1", "w3", "w4", "w5"), t.toReveal());
    assertEquals("the replica already contributed", t.contributionRefusal("w2", T0 + 8));
    assertEquals("no replica of this task is assigned to w6", t.contributionRefusal("w6", T0 + 8));

    assertFalse(t.validReveal("w2", BAD), "the losing group is not asked to reveal");
    assertFalse(t.validReveal("w0", BAD), "a digest that is not the committed one");
    t.reveal("w0", GOOD);
    t.reveal("w3", GOOD);
    assertFalse(t.validReveal("w0", GOOD), "a reveal counts once");
    assertThrows(IllegalStateException.class, () -> t.chooseUploader("w1", 0));
    t.chooseUploader("w3", 0);
    assertThrows(IllegalStateException.class, () -> t.uploaded("w0", new DataRef(GOOD, 1, "result.zip")));
    t.uploaded("w3", new DataRef(GOOD, 1, "result.zip"));
    assertEquals(Phase.FINALIZED, t.phase());

    List<Settlement.Contributor> cs = t.contributors(30);
    assertEquals(6, cs.size());
    assertEquals(List.of("w0", "w3"), cs.stream().filter(Settlement.Contributor::winner).map(Settlement.Contributor::account).toList(),
        "only revealed winners are paid; late revealers lose their stake like the saboteur");
    Map<String, Long> scores = t.newScores(Map.of("w0", 30L, "w2", 30L));
    assertEquals(31L, scores.get("w0"));
    assertEquals(1L, scores.get("w3"));
    assertEquals(20L, scores.get("w2"));
    assertEquals(0L, scores.get("w1"));
  }

  @Test
  void aCopiedCommitmentCannotBeRevealedTheSealBindsTheWorker() {
    ReplicatedTask t = new ReplicatedTask(TASK, 3, T);
    assign(t, 0, T0);
    assign(t, 1, T0);
    ResultCommitment honest = ResultCommitment.of(TASK, GOOD, address(0));
    t.contribute("w1", honest.resultHash(), honest.resultSeal(), FRESH, T0 + 1); // w1 copies w0's commitment
    contribute(t, 0, GOOD, T0 + 2);
    assertEquals(Phase.REVEALING, t.phase());
    assertFalse(t.validReveal("w1", GOOD), "w1's seal is w0's: the copy cannot be revealed");
    assertTrue(t.validReveal("w0", GOOD));
    t.reveal("w0", GOOD);
    t.chooseUploader("w0", 0);
    t.uploaded("w0", new DataRef(GOOD, 1, "result.zip"));
    assertEquals(
        List.of(new Settlement.Contributor("w0", 30, FRESH, true), new Settlement.Contributor("w1", 30, FRESH, false)),
        t.contributors(30),
        "the copier loses its stake");
  }

  @Test
  void noRevealByTheDeadlineRejectsTheGroupAndReopens() {
    ReplicatedTask t = new ReplicatedTask(TASK, 3, T);
    assign(t, 0, T0);
    assign(t, 1, T0);
    contribute(t, 0, BAD, T0 + 1);
    contribute(t, 1, BAD, T0 + 2);
    assertEquals(Phase.REVEALING, t.phase());
    t.reopen();
    assertEquals(Phase.OPEN, t.phase());
    assertEquals(ReplicaStatus.FAILED, t.replica("w0").status());
    assertEquals(BigInteger.ONE, t.vote().total(), "the rejected group left the total");
    assertTrue(t.needMore(T0 + 3));
    assign(t, 2, T0 + 3);
    assign(t, 3, T0 + 3);
    contribute(t, 2, GOOD, T0 + 4);
    contribute(t, 3, GOOD, T0 + 5);
    assertEquals(Phase.REVEALING, t.phase());
    assertEquals(List.of("w2", "w3"), t.toReveal());
  }

  @Test
  void deadlinesFromTheCategoryPeriod() {
    ReplicatedTask t = new ReplicatedTask(TASK, 3, T);
    assign(t, 0, T0);
    assertEquals(T0 + 7 * T, t.contributionDeadline());
    assertEquals(T0 + 10 * T, t.finalDeadline());
    assertEquals("the contribution deadline has passed", t.contributionRefusal("w0", T0 + 7 * T + 1));
    assertFalse(t.canAssign("w1", T0 + 7 * T + 1), "no replica that could not contribute in time");
    t.fail("final deadline passed");
    assertEquals(Phase.FAILED, t.phase());
    assertTrue(t.contributors(30).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> new ReplicatedTask("0x12", 3, T));
    assertThrows(IllegalArgumentException.class, () -> new ReplicatedTask(TASK, 0, T));
  }

  @Test
  void aTaskOfADealFollowsTheHubConsensusAndReopening() {
    ReplicatedTask t = new ReplicatedTask(TASK, 3, T, true);
    assign(t, 0, T0);
    assign(t, 1, T0);
    contribute(t, 0, GOOD, T0 + 1);
    contribute(t, 1, GOOD, T0 + 2);
    assertEquals(Phase.OPEN, t.phase(), "the grid alone never reaches consensus on a deal");
    assertFalse(t.needMore(T0 + 3), "the grid's prediction is met");
    t.observeChain("ACTIVE", null, List.of(address(0)), T0 + 3);
    assertFalse(t.needMore(T0 + 3), "w1's contribution is not on the hub yet: wait for it");
    t.observeChain("ACTIVE", null, List.of(address(0), address(1).toUpperCase(java.util.Locale.ROOT).replace("0X", "0x")), T0 + 4);
    assertTrue(t.needMore(T0 + 4), "the hub holds all and has no consensus: one more replica");
    assign(t, 2, T0 + 5);
    contribute(t, 2, GOOD, T0 + 6);
    String hash = t.replica("w0").resultHash();
    t.observeChain("REVEALING", hash, List.of(address(0), address(1), address(2)), T0 + 7);
    assertEquals(Phase.REVEALING, t.phase());
    assertEquals(List.of("w0", "w1", "w2"), t.toReveal());
    assertEquals(T0 + 7 + 2 * T, t.revealDeadline(), "the reveal runs from when the grid learnt of the consensus");

    // nobody revealed on the hub: the hub reopened, the winning group is rejected here too
    t.observeChain("ACTIVE", null, List.of(address(0), address(1), address(2)), T0 + 8);
    assertEquals(Phase.OPEN, t.phase());
    assertEquals(ReplicaStatus.FAILED, t.replica("w0").status());
    assertNull(t.consensusHash());
    ReplicatedTask back = ReplicatedTask.fromSnapshot(t.toSnapshot());
    assertTrue(back.chainDriven());
    assertEquals(t.chainContributed(), back.chainContributed());
    assertEquals("ACTIVE", back.chainStatus());
  }
}
