package org.xwgrid.worker.volunteer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessTreeCpuTest {

  @Test
  void shouldAddOwnAndReapedTimesOfOneStatLine() {
    String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 150 30 7 3 20 0 30 0 1000 0 0";
    assertEquals(150 + 30 + 7 + 3, ProcessTreeCpu.ticksOf(stat));
  }

  @Test
  void shouldCountAChildProcessesCpuAfterItEnded() throws Exception {
    ProcessTreeCpu tree = new ProcessTreeCpu();
    long before = tree.getAsLong();
    Process p = new ProcessBuilder("/bin/sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    long after = tree.getAsLong();
    assertTrue(after - before >= TimeUnit.MILLISECONDS.toNanos(200), "the busy child's CPU is in the tree's total: " + (after - before));
    assertTrue(after >= before, "never decreases");
  }
}
