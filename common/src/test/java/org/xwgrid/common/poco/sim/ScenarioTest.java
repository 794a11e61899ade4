package org.xwgrid.common.poco.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScenarioTest {
  @Test
  void shouldCountSaboteursAsTheRoundedFraction() {
    assertEquals(20, new Scenario(100, 0.2, 1, true, 100, 1, 1).saboteurCount());
    assertEquals(3, new Scenario(10, 0.25, 1, true, 100, 1, 1).saboteurCount());
    assertEquals(0, new Scenario(3, 0.1, 1, true, 100, 1, 1).saboteurCount());
  }

  @Test
  void shouldRejectImpossibleScenarios() {
    assertMessage("workers", () -> new Scenario(0, 0.2, 1, true, 100, 1, 1));
    assertMessage("saboteur fraction", () -> new Scenario(10, 1, 1, true, 100, 1, 1));
    assertMessage("saboteur fraction", () -> new Scenario(10, -0.1, 1, true, 100, 1, 1));
    assertMessage("saboteur fraction", () -> new Scenario(10, Double.NaN, 1, true, 100, 1, 1));
    assertMessage("sabotage rate", () -> new Scenario(10, 0.2, 1.5, true, 100, 1, 1));
    assertMessage("trust", () -> new Scenario(10, 0.2, 1, true, 0, 1, 1));
    assertMessage("tasks", () -> new Scenario(10, 0.2, 1, true, 100, 0, 1));
  }

  private static void assertMessage(String part, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
