package org.xwgrid.oracle.follow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xwgrid.oracle.follow.LogCursor.Range;

class LogCursorTest {

  @Test
  void shouldReadOnlyBlocksThatAreDeepEnough() {
    LogCursor c = new LogCursor(10, 2, 1000);
    assertTrue(c.rangeAt(11).isEmpty(), "block 10 is only 1 deep at head 11");
    assertEquals(new Range(10, 10), c.rangeAt(12).orElseThrow());
    assertEquals(new Range(10, 18), c.rangeAt(20).orElseThrow());
  }

  @Test
  void shouldReadAtMostMaxRangeBlocksAtOnceThenGoOn() {
    LogCursor c = new LogCursor(0, 0, 100);
    Range first = c.rangeAt(1_000).orElseThrow();
    assertEquals(new Range(0, 99), first);
    LogCursor next = c.after(first);
    assertEquals(new Range(100, 199), next.rangeAt(1_000).orElseThrow());
    assertEquals(next, next.after(first), "a range read again changes nothing");
  }

  @Test
  void shouldRefuseANonsenseCursor() {
    assertThrows(IllegalArgumentException.class, () -> new LogCursor(-1, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new LogCursor(0, 0, 0));
  }
}
