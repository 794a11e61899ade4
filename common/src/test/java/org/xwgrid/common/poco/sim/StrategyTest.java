package org.xwgrid.common.poco.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StrategyTest {
  @Test
  void shouldFindStrategiesByTheirCommandLineName() {
    for (Strategy s : Strategy.values()) {
      assertEquals(s, Strategy.of(s.id()));
    }
    assertEquals(Strategy.MAJORITY3, Strategy.of(" majority3 "));
    assertEquals(3, Strategy.MAJORITY3.quorum());
  }

  @Test
  void shouldNameTheKnownStrategiesWhenOneIsUnknown() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Strategy.of("majority4"));
    assertTrue(e.getMessage().contains("unknown strategy 'majority4'"), e.getMessage());
    assertTrue(e.getMessage().contains("credibility, majority2, majority3, majority5, boinc"), e.getMessage());
  }
}
