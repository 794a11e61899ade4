package org.xwgrid.worker.net;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: {@code min}, then doubling up to {@code max}, each delay moved
 * by up to {@code ±randomFactor} of itself. Not thread-safe: one instance per actor or per retry
 * loop.
 */
public final class Backoff {
  private final long minMs;
  private final long maxMs;
  private final double randomFactor;
  private final DoubleSupplier random;
  private int attempts;

  private Backoff(long minMs, long maxMs, double randomFactor, DoubleSupplier random) {
    if (minMs <= 0 || maxMs < minMs) {
      throw new IllegalArgumentException("backoff needs 0 < min <= max");
    }
    if (randomFactor < 0 || randomFactor >= 1) {
      throw new IllegalArgumentException("backoff random factor must be in [0, 1)");
    }
    this.minMs = minMs;
    this.maxMs = maxMs;
    this.randomFactor = randomFactor;
    this.random = random;
  }

  public static Backoff create(Duration min, Duration max, double randomFactor) {
    return new Backoff(
        min.toMillis(), max.toMillis(), randomFactor, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** With a given source of uniform numbers in [0, 1), for tests. */
  public static Backoff create(
      Duration min, Duration max, double randomFactor, DoubleSupplier random) {
    return new Backoff(min.toMillis(), max.toMillis(), randomFactor, random);
  }

  /** The delay before the next attempt; each call doubles the base delay until {@code max}. */
  public Duration next() {
    long base = attempts >= 30 ? maxMs : Math.min(maxMs, minMs << attempts);
    attempts++;
    double jitter = 1 + randomFactor * (2 * random.getAsDouble() - 1);
    return Duration.ofMillis(Math.max(1, Math.round(base * jitter)));
  }

  /** After a success: the next delay is {@code min} again. */
  public void reset() {
    attempts = 0;
  }

  /** Failures since the last reset. */
  public int attempts() {
    return attempts;
  }
}
