package org.xwgrid.oracle.follow;

import java.util.Optional;
import org.xwgrid.common.CborSerializable;

/**
 * Where the oracle is in the chain's logs: {@code next} is the first block not processed yet. A
 * block is processed once it is {@code confirmations} deep, in ranges of at most {@code maxRange}
 * blocks ({@code eth_getLogs} limits); the range's logs and the cursor's move are journaled
 * together, so after a crash the same range is read again and no log counts twice.
 */
public record LogCursor(long next, int confirmations, int maxRange) implements CborSerializable {

  public LogCursor {
    if (next < 0 || confirmations < 0 || maxRange < 1) {
      throw new IllegalArgumentException("a cursor needs next >= 0, confirmations >= 0, maxRange >= 1");
    }
  }

  /** A range of blocks, both ends included. */
  public record Range(long from, long to) implements CborSerializable {}

  /** The next range to read when the chain's head is {@code head}, if a block is deep enough. */
  public Optional<Range> rangeAt(long head) {
    long last = head - confirmations;
    if (last < next) {
      return Optional.empty();
    }
    return Optional.of(new Range(next, Math.min(last, next + maxRange - 1)));
  }

  /** The cursor after {@code range} was processed (a range already behind it changes nothing). */
  public LogCursor after(Range range) {
    return range.from() == next ? new LogCursor(range.to() + 1, confirmations, maxRange) : this;
  }
}
