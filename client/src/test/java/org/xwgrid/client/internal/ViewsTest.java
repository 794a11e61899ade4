package org.xwgrid.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xwgrid.client.Fixtures;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.PocoView;

class ViewsTest {
  @Test
  void shouldSummariseAJobOnOneLineWithEveryCount() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("COMPLETED", 1);
    counts.put("CONSENSUS_REACHED", 2);
    JobView job = new JobView("j1", null, "alice", "pi", "RUNNING", 3, counts, Fixtures.T0, null, 0, null, 0);
    assertEquals("job j1 RUNNING: 3 tasks, 0 pending, 0 running, 1 completed, 0 failed, 0 cancelled, 2 consensus_reached",
        Views.summary(job));
  }

  @Test
  void shouldKnowFinishedStatesAndDoneTasks() {
    assertTrue(Views.isFinished(Fixtures.job("j", "CANCELLED", 1)));
    assertFalse(Views.isFinished(Fixtures.job("j", "RUNNING", 1)));
    assertEquals(6, Views.done(Fixtures.job("j", "RUNNING", 9, 1, 2, 3, 2, 1)));
  }

  @Test
  void shouldStateTheTermsOfACertifiedJobOnly() {
    assertNull(Views.certification(Fixtures.job("j", "RUNNING", 1)), "trust 0: not certified");
    assertEquals("certified: trust 1000, category S, price 0 credits per task",
        Views.certification(Fixtures.certifiedJob("j", "RUNNING", 1000, 0, 1)));
    JobView noCategory = new JobView("j", null, "alice", "pi", "RUNNING", 1, Map.of(), Fixtures.T0, null, 3, null, 1);
    assertEquals("certified: trust 3, price 1 credit per task", Views.certification(noCategory));
  }

  @Test
  void shouldCutCredibilityToFourPlacesSoThatItNeverShowsAConsensusNotReached() {
    assertEquals("0.9931 / 0.9000", Views.credibility(0.9931, 0.9));
    assertEquals("0.9899 / 0.9900", Views.credibility(0.98999, 1 - 1.0 / 100), "not rounded up to the threshold");
    assertEquals("0.6666 / 0.9999", Views.credibility(2.0 / 3, 1 - 1.0 / 10_000));
    assertEquals("1.0000 / 0.0000", Views.credibility(1, 0));
    assertEquals("NaN / 0.9000", Views.credibility(Double.NaN, 0.9));
  }

  @Test
  void shouldShortenHashesAndAddresses() {
    assertEquals("0x12345678…", Views.hashPrefix("0x" + "12345678" + "9".repeat(56)));
    assertEquals("0xabc", Views.hashPrefix("0xabc"));
    assertNull(Views.hashPrefix(null));
    assertEquals("0x7e5f…5bdf", Views.shortAddress("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf"));
    assertEquals("0x12", Views.shortAddress("0x12"));
    assertNull(Views.shortAddress(null));
  }

  @Test
  void shouldSummariseACertifiedTaskOnOneLine() {
    assertEquals("REVEALING, credibility 0.9552 / 0.9000, consensus 0x33333333…",
        Views.poco(new PocoView(Fixtures.hash('1'), "REVEALING", 64.0 / 67, 0.9, Fixtures.hash('3'), Fixtures.hash('3'), null, List.of())));
    assertEquals("FINALIZED, credibility 0.9552 / 0.9000, consensus 0x33333333…, uploader w-2",
        Views.poco(new PocoView(Fixtures.hash('1'), "FINALIZED", 64.0 / 67, 0.9, Fixtures.hash('3'), Fixtures.hash('3'), "w-2", List.of())));
    assertEquals("OPEN, credibility 0.0000 / 0.9900, no consensus yet",
        Views.poco(new PocoView(Fixtures.hash('1'), "OPEN", 0, 0.99, null, null, null, List.of())));
  }

  @Test
  void shouldFormatSizes() {
    assertEquals("512 B", Views.size(512));
    assertEquals("1.5 KiB", Views.size(1536));
    assertEquals("2.0 GiB", Views.size(2L << 30));
    assertEquals("16 GiB", Views.memoryMb(16384));
    assertEquals("1000 MiB", Views.memoryMb(1000));
  }
}
