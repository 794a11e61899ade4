package org.xwgrid.worker.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.poco.ResultCommitment;

class MisbehaviourTest {
  private static final String TASK_ID = "0x" + "7c".repeat(32);
  private static final String ADDRESS = "0x" + "ab".repeat(20);
  private static final String DIGEST = "0x" + "d1".repeat(32);

  @Test
  void shouldParseTheModesOfTheFlag() {
    assertEquals(Misbehaviour.NONE, Misbehaviour.parse(""));
    assertEquals(Misbehaviour.NONE, Misbehaviour.parse(null));
    assertEquals(Misbehaviour.NO_REVEAL, Misbehaviour.parse("no-reveal"));
    assertEquals(Misbehaviour.NO_UPLOAD, Misbehaviour.parse(" No-Upload "));
    assertEquals(Misbehaviour.BAD_REVEAL, Misbehaviour.parse("BAD-REVEAL"));
    assertEquals("no-reveal", Misbehaviour.NO_REVEAL.toString());
    assertEquals("no-upload", Misbehaviour.NO_UPLOAD.toString());
    assertEquals("bad-reveal", Misbehaviour.BAD_REVEAL.toString());
    assertEquals("", Misbehaviour.NONE.toString());
    for (String bad : new String[] {"no_reveal", "none", "always"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Misbehaviour.parse(bad));
      assertEquals(
          "testing misbehave mode '" + bad + "' is not one of no-reveal, no-upload, bad-reveal", e.getMessage());
    }
  }

  @Test
  void shouldSayWhatEachModeAnswers() {
    assertFalse(Misbehaviour.NONE.misbehaves());
    assertTrue(Misbehaviour.NONE.reveals() && Misbehaviour.NONE.uploads());
    assertTrue(Misbehaviour.NO_REVEAL.misbehaves());
    assertFalse(Misbehaviour.NO_REVEAL.reveals() || Misbehaviour.NO_REVEAL.uploads(), "neither reveals nor uploads");
    assertTrue(Misbehaviour.NO_UPLOAD.reveals());
    assertFalse(Misbehaviour.NO_UPLOAD.uploads());
    assertTrue(Misbehaviour.BAD_REVEAL.reveals());
    assertFalse(Misbehaviour.BAD_REVEAL.uploads());
  }

  @Test
  void shouldRevealTheCommittedDigestUnlessBadReveal() {
    ResultCommitment c = ResultCommitment.of(TASK_ID, DIGEST, ADDRESS);
    for (Misbehaviour m : new Misbehaviour[] {Misbehaviour.NONE, Misbehaviour.NO_REVEAL, Misbehaviour.NO_UPLOAD}) {
      assertEquals(DIGEST, m.revealed(DIGEST), m.name());
    }
    String bad = Misbehaviour.BAD_REVEAL.revealed(DIGEST);
    assertEquals("0x" + Hashes.sha256Hex("bad " + DIGEST), bad);
    assertNotEquals(DIGEST, bad);
    assertTrue(bad.matches("0x[0-9a-f]{64}"), "well-formed: " + bad);
    assertTrue(c.revealedBy(TASK_ID, DIGEST, ADDRESS));
    assertFalse(c.revealedBy(TASK_ID, bad, ADDRESS), "the bad reveal does not open the commitment");
  }
}
