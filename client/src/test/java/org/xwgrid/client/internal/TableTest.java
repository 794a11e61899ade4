package org.xwgrid.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {
  @Test
  void shouldPadColumnsToTheirWidestCell() {
    StringWriter s = new StringWriter();
    new Table("ID", "NAME", "N").row("a", "longer name", 1).row("bbb", null, "two\nlines").print(new PrintWriter(s, true));
    assertEquals(String.join(System.lineSeparator(),
        "ID   NAME         N",
        "a    longer name  1",
        "bbb  -            two lines", ""), s.toString());
  }

  @Test
  void shouldIndentEveryLineOfANestedTable() {
    StringWriter s = new StringWriter();
    new Table("ATTEMPT", "STATUS").row(1, "REVEALED").row(12, null).print(new PrintWriter(s, true), "  ");
    assertEquals(String.join(System.lineSeparator(),
        "  ATTEMPT  STATUS",
        "  1        REVEALED",
        "  12       -", ""), s.toString());
  }

  @Test
  void shouldRefuseRowsOfTheWrongWidth() {
    assertThrows(IllegalArgumentException.class, () -> new Table("A", "B").row("x"));
  }
}
