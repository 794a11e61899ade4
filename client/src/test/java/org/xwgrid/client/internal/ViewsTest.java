package org.xwgrid.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xwgrid.client.Fixtures;
import org.xwgrid.common.api.ClientApi.JobView;

class ViewsTest {
  @Test
  void shouldSummariseAJobOnOneLineWithEveryCount() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("COMPLETED", 1);
    counts.put("CONSENSUS_REACHED", 2);
    JobView job = new JobView("j1", null, "alice", "pi", "RUNNING", 3, counts, Fixtures.T0, null);
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
  void shouldFormatSizes() {
    assertEquals("512 B", Views.size(512));
    assertEquals("1.5 KiB", Views.size(1536));
    assertEquals("2.0 GiB", Views.size(2L << 30));
    assertEquals("16 GiB", Views.memoryMb(16384));
    assertEquals("1000 MiB", Views.memoryMb(1000));
  }
}
