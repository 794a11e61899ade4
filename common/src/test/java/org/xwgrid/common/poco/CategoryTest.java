package org.xwgrid.common.poco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CategoryTest {
  @Test
  void deadlinesFromThePeriod() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    assertEquals(Duration.ofSeconds(300), Category.standard("xs").period());
    assertEquals(t0.plusSeconds(7 * 1200), Category.S.contributionDeadline(t0));
    assertEquals(t0.plusSeconds(2 * 3600), Category.M.revealDeadline(t0));
    assertEquals(t0.plusSeconds(10 * 36000), Category.XL.finalDeadline(t0));
    Category lab = Category.of("lab", Duration.ofSeconds(2));
    assertEquals(t0.plusSeconds(20), lab.finalDeadline(t0));
  }

  @Test
  void badCategories() {
    assertEquals(
        "unknown category XXL (XS, S, M, L or XL)",
        assertThrows(IllegalArgumentException.class, () -> Category.standard("XXL")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Category.of("z", Duration.ZERO));
  }
}
