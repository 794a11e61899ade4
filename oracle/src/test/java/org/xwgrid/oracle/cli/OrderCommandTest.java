package org.xwgrid.oracle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OrderCommandTest {

  @Test
  void shouldPadShortTagsToABytes32() {
    assertEquals("0x" + "0".repeat(63) + "1", OrderCommand.tag("0x1"));
    assertEquals("0x" + "ab".repeat(32), OrderCommand.tag("0x" + "AB".repeat(32)));
    assertThrows(IllegalArgumentException.class, () -> OrderCommand.tag("1"));
    assertThrows(IllegalArgumentException.class, () -> OrderCommand.tag("0x" + "0".repeat(65)));
  }

  @Test
  void shouldRefuseAKeyOnTheCommandLineAndMissingTerms() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new ChainCommand()).setErr(new PrintWriter(err));
    assertEquals(2, cli.execute("order", "publish", "workerpool", "0x" + "33".repeat(20), "--price", "5"),
        "a workerpool order needs its --trust");
    assertEquals(2, cli.execute("run", "vanitygen", "--params", "x", "--trust", "3", "--volume", "1", "--key", "0x12"),
        "no option takes a key");
    assertEquals(2, cli.execute("run", "vanitygen", "--params", "x", "--trust", "3", "--volume", "1", "--timeout", "later"));
  }
}
