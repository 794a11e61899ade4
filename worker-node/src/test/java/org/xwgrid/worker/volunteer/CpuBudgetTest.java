package org.xwgrid.worker.volunteer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CpuBudgetTest {

  @ParameterizedTest(name = "{0} cores, {1} slots asked, share {2} -> {3} x {4}m")
  @CsvSource({
    "4, 4, 0.5, 2, 1000",
    "4, 8, 0.5, 2, 1000",
    "4, 1, 0.5, 1, 2000", // one multi-threaded task may use both cores' worth
    "4, 4, 0.3, 1, 1200",
    "4, 4, 0.1, 1, 400",
    "1, 4, 0.5, 1, 500",
    "8, 3, 0.75, 3, 2000",
    "100, 100, 0.29, 29, 1000", // no floating-point loss: 29 000 millicores
    "3, 3, 0.1, 1, 300",
    "1, 1, 0.0001, 1, 1", // never 0, which would mean no limit
  })
  void shouldBoundTheSlotsAndSplitTheShareBetweenThem(int cores, int slots, double share, int maxSlots, long millis) {
    CpuBudget b = CpuBudget.of(cores, slots, share);
    assertEquals(new CpuBudget(maxSlots, millis), b);
    assertTrue(b.limited());
    assertTrue(b.slots() * b.cpuMillisPerTask() <= Math.max(1, Math.round(cores * 1000 * share)), "never over the share");
  }

  @Test
  void shouldChangeNothingAtFullShare() {
    CpuBudget b = CpuBudget.of(4, 16, 1.0);
    assertEquals(new CpuBudget(16, 0), b);
    assertFalse(b.limited());
  }

  @Test
  void shouldRejectNonsense() {
    assertThrows(IllegalArgumentException.class, () -> CpuBudget.of(0, 1, 0.5));
    assertThrows(IllegalArgumentException.class, () -> CpuBudget.of(4, 0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> CpuBudget.of(4, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> CpuBudget.of(4, 1, 1.5));
    assertThrows(IllegalArgumentException.class, () -> new CpuBudget(0, 0));
  }
}
