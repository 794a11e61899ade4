package org.xwgrid.dispatcher.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that stands still until a test advances it; read from actors, so thread-safe.
 * Advance it together with {@code ManualTime} so that timers and {@code clock.millis()} agree.
 */
public final class ManualClock extends Clock {
  /** A fixed, arbitrary start: 2026-01-01T00:00:00Z. */
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicLong millis;
  private final ZoneId zone;

  private ManualClock(AtomicLong millis, ZoneId zone) {
    this.millis = millis;
    this.zone = zone;
  }

  public static ManualClock at(Instant start) {
    return new ManualClock(new AtomicLong(start.toEpochMilli()), ZoneOffset.UTC);
  }

  public static ManualClock create() {
    return at(START);
  }

  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time does not go back: " + d);
    }
    millis.addAndGet(d.toMillis());
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view in another zone that shares this clock's time. */
  @Override
  public Clock withZone(ZoneId zone) {
    return new ManualClock(millis, zone);
  }
}
