package org.xwgrid.worker.volunteer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.xwgrid.worker.volunteer.HostLoad.CpuTimes;
import org.xwgrid.worker.volunteer.HostLoad.Reading;

class HostLoadTest {

  /** Recorded on a 2-core Linux 6.x host. */
  private static final String PROC_STAT = String.join("\n",
      "cpu  2182173 0 257142 1284354 4812 0 4957 18157 0 0",
      "cpu0 1069645 0 125909 667877 1164 0 1869 9173 0 0",
      "cpu1 1112527 0 131232 616476 3648 0 3087 8984 0 0",
      "intr 209839270 0 9 0 0 0 0 0 0 0 0 0 0 156 0 0 0",
      "ctxt 464373985",
      "btime 1718000000",
      "processes 2345678",
      "procs_running 3",
      "procs_blocked 0",
      "softirq 95234567 0 23456789 12 3456789 0 0 123456 34567890 0 33456789",
      "");

  private static final double EPS = 1e-9;

  private static String cpuLine(long user, long nice, long system, long idle, long iowait, long irq, long softirq, long steal) {
    return "cpu  " + user + " " + nice + " " + system + " " + idle + " " + iowait + " " + irq + " " + softirq + " " + steal + " 0 0\n";
  }

  @Test
  void shouldParseTheAggregateLineOfARecordedProcStat() {
    // busy = user + nice + system + irq + softirq; total = busy + idle + iowait + steal.
    long busy = 2182173 + 0 + 257142 + 0 + 4957;
    assertEquals(new CpuTimes(busy, busy + 1284354 + 4812 + 18157), CpuTimes.parse(PROC_STAT));
  }

  @Test
  void shouldLeaveGuestTimeOutBecauseUserTimeHoldsItAlready() {
    CpuTimes withGuest = CpuTimes.parse("cpu  100 10 20 500 5 1 2 3 60 7\n");
    assertEquals(new CpuTimes(133, 641), withGuest);
  }

  @Test
  void shouldCountFieldsMissingOnOldKernelsAsZero() {
    assertEquals(new CpuTimes(130, 630), CpuTimes.parse("cpu 100 10 20 500"));
    assertEquals(new CpuTimes(130, 635), CpuTimes.parse("cpu 100 10 20 500 5"));
  }

  @Test
  void shouldRejectTextWithoutAUsableCpuLine() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuTimes.parse("cpu0 1 2 3 4\nctxt 5\n"))
        .getMessage().contains("no aggregate cpu line"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuTimes.parse("cpu 1 2 3"))
        .getMessage().contains("fewer than 4"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuTimes.parse("cpu 1 2 x 4"))
        .getMessage().contains("not numbers"));
    assertThrows(IllegalArgumentException.class, () -> CpuTimes.parse(""));
  }

  @Test
  void shouldSubtractTheOwnTasksCpuFromTheBusyShare() {
    // 2 cores for 1 s at 100 ticks/s: 200 ticks in all, 150 busy; own tasks used 1 s of CPU (100 ticks).
    Reading r = HostLoad.reading(new CpuTimes(1000, 5000), new CpuTimes(1150, 5200), 1_000_000_000L, 100);
    assertEquals(0.75, r.busy(), EPS);
    assertEquals(0.5, r.own(), EPS);
    assertEquals(0.25, r.others(), EPS);
  }

  @Test
  void shouldNeverGoBelowZeroWhenTheOwnTasksSeemToUseMoreThanTheBusyTime() {
    // Sampling skew: the tasks' counter ran a little ahead of /proc/stat.
    Reading r = HostLoad.reading(new CpuTimes(0, 0), new CpuTimes(100, 200), 1_200_000_000L, 100);
    assertEquals(0.5, r.busy(), EPS);
    assertEquals(0.6, r.own(), EPS);
    assertEquals(0.0, r.others(), EPS);
  }

  @Test
  void shouldClampEverythingToZeroAndOne() {
    Reading huge = HostLoad.reading(new CpuTimes(0, 0), new CpuTimes(100, 100), Long.MAX_VALUE, 100);
    assertEquals(new Reading(1, 1, 0), huge);
    Reading negativeOwn = HostLoad.reading(new CpuTimes(0, 0), new CpuTimes(50, 100), -5_000_000_000L, 100);
    assertEquals(new Reading(0.5, 0, 0.5), negativeOwn);
    Reading busyWentDown = HostLoad.reading(new CpuTimes(100, 100), new CpuTimes(90, 200), 0, 100);
    assertEquals(new Reading(0, 0, 0), busyWentDown);
  }

  @Test
  void shouldReadNoLoadWhenTheCountersDidNotAdvance() {
    assertEquals(new Reading(0, 0, 0), HostLoad.reading(new CpuTimes(10, 100), new CpuTimes(10, 100), 0, 100));
    assertEquals(new Reading(0, 0, 0), HostLoad.reading(new CpuTimes(10, 100), new CpuTimes(20, 50), 0, 100));
  }

  @Test
  void shouldSampleTheLoadSinceThePreviousSample() {
    ArrayDeque<String> texts = new ArrayDeque<>(List.of(
        cpuLine(1000, 0, 0, 1000, 0, 0, 0, 0),
        cpuLine(1100, 0, 0, 1100, 0, 0, 0, 0), // 50 % busy, half of it ours
        cpuLine(1100, 0, 0, 1300, 0, 0, 0, 0), // idle
        cpuLine(1300, 50, 30, 1300, 0, 10, 10, 0))); // all busy, none ours
    AtomicLong own = new AtomicLong(7_000_000_000L);
    HostLoad load = HostLoad.create(texts::removeFirst, own::get, 100);
    own.addAndGet(500_000_000L);
    assertEquals(new Reading(0.5, 0.25, 0.25), load.sample());
    assertEquals(new Reading(0, 0, 0), load.sample());
    own.set(0); // a counter that went back counts as nothing
    assertEquals(new Reading(1, 0, 1), load.sample());
  }

  @Test
  void shouldSayWhyTheLoadCannotBeRead() {
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> HostLoad.create(() -> {
      throw new IOException("no /proc here");
    }, () -> 0, 100));
    assertTrue(e.getMessage().contains("cannot read the host's CPU load: no /proc here"), e.getMessage());
  }
}
