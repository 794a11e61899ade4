package org.xwgrid.common.poco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The checks of docs/POCO.md, exactly, and properties of the vote over random sequences. */
class PocoTest {
  private static final long FRESH = Poco.weight(0);

  @Test
  void weightsFromScores() {
    assertEquals(3, Poco.weight(12));
    assertEquals(32, Poco.weight(100));
    assertEquals(99, Poco.weight(300));
    assertEquals(2, FRESH);
    assertEquals(2, Poco.weight(8));
    assertEquals(2, Poco.weight(9));
    assertEquals(3, Poco.weight(13));
    assertThrows(IllegalArgumentException.class, () -> Poco.weight(-1));
  }

  @Test
  void threeWorkersAtTrust100() {
    TaskConsensus t = new TaskConsensus();
    t.contribute("w1", "A", Poco.weight(12));
    t.contribute("w2", "B", Poco.weight(100));
    assertTrue(t.consensus(100).isEmpty());
    t.contribute("w3", "B", Poco.weight(300));
    assertEquals(BigInteger.valueOf(3168), t.group("B"));
    assertEquals(BigInteger.valueOf(3), t.group("A"));
    assertEquals(BigInteger.valueOf(3172), t.total());
    assertEquals(0.9987, t.credibility("B"), 0.00005);
    assertEquals("B", t.consensus(100).orElseThrow());
  }

  /** The table of POCO.md: agreeing fresh workers needed for consensus, per trust. */
  @ParameterizedTest
  @CsvSource({"1,1", "2,1", "3,2", "5,3", "10,4", "100,7", "1000,10", "10000,14", "1000000,20"})
  void freshWorkersNeeded(long trust, int needed) {
    TaskConsensus t = new TaskConsensus();
    int n = 0;
    while (t.consensus(trust).isEmpty()) {
      t.contribute("w" + n, "H", FRESH);
      n++;
    }
    assertEquals(needed, n);
  }

  /** The optimistic prediction hands out exactly as many fresh replicas as consensus needs. */
  @ParameterizedTest
  @CsvSource({"1,1", "2,1", "3,2", "5,3", "10,4", "100,7", "1000,10", "10000,14", "1000000,20"})
  void predictionHandsOutWhatConsensusNeeds(long trust, int needed) {
    TaskConsensus t = new TaskConsensus();
    List<Long> pending = new ArrayList<>();
    while (t.needMore(pending, trust)) {
      pending.add(FRESH);
    }
    assertEquals(needed, pending.size());
    // Half of them contribute: the others stay pending, still nothing more is needed.
    for (int i = 0; i < needed / 2; i++) {
      t.contribute("w" + i, "H", pending.remove(0));
    }
    assertFalse(t.needMore(pending, trust));
    // A disagreeing vote, and the pending replicas expire: without consensus, more is needed.
    t.contribute("bad", "X", FRESH);
    assertEquals(t.consensus(trust).isEmpty(), t.needMore(List.of(), trust));
    assertTrue(t.consensus(trust).isPresent() || trust > 1);
  }

  @Test
  void aWorkerVotesOnce() {
    TaskConsensus t = new TaskConsensus();
    t.contribute("w", "H", 2);
    assertThrows(IllegalStateException.class, () -> t.contribute("w", "H", 2));
  }

  @Test
  void rejectingTheWinningGroupReopensTheVote() {
    TaskConsensus t = new TaskConsensus();
    t.contribute("a", "H", 2);
    t.contribute("b", "H", 2);
    t.contribute("c", "X", 2);
    assertEquals("H", t.consensus(2).orElseThrow());
    assertTrue(t.consensus(3).isEmpty());
    t.reject("H");
    assertEquals(BigInteger.ZERO, t.group("H"));
    assertEquals(BigInteger.valueOf(3), t.total());
    assertEquals("X", t.leader().orElseThrow());
    assertTrue(t.voters("H").isEmpty());
    assertTrue(t.contributions().stream().filter(c -> c.resultHash().equals("H")).allMatch(TaskConsensus.Contribution::rejected));
    assertTrue(t.needMore(List.of(), 3));
    assertEquals("X", t.consensus(2).orElseThrow());
  }

  @Test
  void scores() {
    assertEquals(11, Poco.scoreAfterWin(10, true));
    assertEquals(10, Poco.scoreAfterWin(10, false));
    assertEquals(200, Poco.scoreAfterLoss(300));
    assertEquals(0, Poco.scoreAfterLoss(1));
    assertEquals(0, Poco.log2Floor(1));
    assertEquals(1, Poco.log2Floor(3));
    assertEquals(6, Poco.log2Floor(99));
    assertEquals(5, Poco.log2Floor(32));
  }

  /** Credibility never exceeds 1, and an agreeing vote never lowers it, whatever came before. */
  @Test
  void credibilityProperties() {
    for (long seed = 0; seed < 2000; seed++) {
      Random r = new Random(seed);
      TaskConsensus t = new TaskConsensus();
      int votes = 1 + r.nextInt(12);
      for (int i = 0; i < votes; i++) {
        String hash = "h" + r.nextInt(3);
        long w = Poco.weight(r.nextInt(400));
        BigInteger groupBefore = t.group(hash);
        BigInteger totalBefore = t.total();
        t.contribute("w" + i, hash, w);
        // group/total <= 1, exactly
        for (TaskConsensus.Contribution c : t.contributions()) {
          assertTrue(t.group(c.resultHash()).compareTo(t.total()) <= 0, "seed " + seed);
        }
        // Cr after >= Cr before, exactly: g'·T >= g·T'
        assertTrue(
            t.group(hash).multiply(totalBefore).compareTo(groupBefore.multiply(t.total())) >= 0,
            "seed " + seed + ": an agreeing vote lowered the credibility of " + hash);
        assertTrue(t.credibility(hash) <= 1.0);
      }
    }
  }
}
