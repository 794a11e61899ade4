package org.xwgrid.worker.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void shouldDoubleFromMinUpToMaxWithoutJitter() {
    Backoff b = Backoff.create(Duration.ofMillis(200), Duration.ofSeconds(5), 0, () -> 0.5);
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      delays.add(b.next().toMillis());
    }
    assertEquals(List.of(200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L, 5000L), delays);
    assertEquals(8, b.attempts());
  }

  @Test
  void shouldStartAgainFromMinAfterReset() {
    Backoff b = Backoff.create(Duration.ofMillis(200), Duration.ofSeconds(5), 0, () -> 0.5);
    b.next();
    b.next();
    b.reset();
    assertEquals(200, b.next().toMillis());
  }

  @Test
  void shouldKeepJitterWithinTheRandomFactor() {
    Backoff low = Backoff.create(Duration.ofMillis(1000), Duration.ofSeconds(5), 0.2, () -> 0.0);
    Backoff high = Backoff.create(Duration.ofMillis(1000), Duration.ofSeconds(5), 0.2, () -> 0.999999);
    assertEquals(800, low.next().toMillis());
    assertEquals(1200, high.next().toMillis());
    Backoff random = Backoff.create(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2);
    for (int i = 0; i < 100; i++) {
      long d = random.next().toMillis();
      assertTrue(d >= 160 && d <= 6000, "delay " + d);
    }
  }

  @Test
  void shouldNotOverflowAfterManyFailures() {
    Backoff b = Backoff.create(Duration.ofMillis(200), Duration.ofSeconds(5), 0, () -> 0.5);
    for (int i = 0; i < 100; i++) {
      b.next();
    }
    assertEquals(5000, b.next().toMillis());
  }

  @Test
  void shouldRejectBadBounds() {
    assertThrows(IllegalArgumentException.class, () -> Backoff.create(Duration.ofSeconds(5), Duration.ofSeconds(1), 0));
    assertThrows(IllegalArgumentException.class, () -> Backoff.create(Duration.ofSeconds(1), Duration.ofSeconds(5), 1.5));
  }
}
