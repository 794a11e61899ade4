package org.xwgrid.dispatcher.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicketsTest {
  private static final long NOW = 1_767_225_600_000L;
  private static final String JOB = "5f0c8a9e-1b2c-4d3e-8f9a-0b1c2d3e4f5a";

  @TempDir Path dataDir;
  private Tickets tickets;

  @BeforeEach
  void setUp() throws IOException {
    tickets = Tickets.load(dataDir);
  }

  @Test
  void shouldNameTheJobOfAValidTicket() {
    String t = tickets.issue("w1", JOB, NOW + 1000);
    assertTrue(t.startsWith(JOB + "." + (NOW + 1000) + "."), t);
    assertEquals(JOB, tickets.jobOf(t, "w1", NOW));
    assertEquals(JOB, tickets.jobOf(t, "w1", NOW + 999));
  }

  @Test
  void shouldRejectAnExpiredTicket() {
    String t = tickets.issue("w1", JOB, NOW + 1000);
    assertNull(tickets.jobOf(t, "w1", NOW + 1000));
    assertNull(tickets.jobOf(t, "w1", NOW + 5000));
  }

  @Test
  void shouldRejectTheTicketOfAnotherWorker() {
    String t = tickets.issue("w1", JOB, NOW + 1000);
    assertNull(tickets.jobOf(t, "w2", NOW));
  }

  @Test
  void shouldRejectTamperedTickets() {
    String t = tickets.issue("w1", JOB, NOW + 1000);
    String[] p = t.split("\\.");
    assertNull(tickets.jobOf("other-job." + p[1] + "." + p[2], "w1", NOW), "another job");
    assertNull(tickets.jobOf(p[0] + "." + (NOW + 999_999) + "." + p[2], "w1", NOW), "a later expiry");
    String mac = p[2];
    String flipped = (mac.charAt(0) == 'A' ? 'B' : 'A') + mac.substring(1);
    assertNull(tickets.jobOf(p[0] + "." + p[1] + "." + flipped, "w1", NOW), "another mac");
    assertNull(tickets.jobOf(p[0] + "." + p[1], "w1", NOW), "no mac");
    assertNull(tickets.jobOf(t + ".x", "w1", NOW), "extra part");
    assertNull(tickets.jobOf(p[0] + ".soon." + p[2], "w1", NOW), "expiry not a number");
    assertNull(tickets.jobOf(null, "w1", NOW));
    assertNull(tickets.jobOf("", "w1", NOW));
  }

  @Test
  void shouldKeepTicketsValidAcrossRestartsButNotAcrossDataDirs(@TempDir Path otherDir) throws IOException {
    String t = tickets.issue("w1", JOB, NOW + 1000);
    assertEquals(JOB, Tickets.load(dataDir).jobOf(t, "w1", NOW));
    assertNull(Tickets.load(otherDir).jobOf(t, "w1", NOW));
  }

  @Test
  void shouldKeepTheSecretReadableByItsOwnerOnly() throws IOException {
    Path secret = dataDir.resolve("ticket.secret");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
  }
}
