package org.xwgrid.worker.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.common.Hashes;

class SaboteurTest {
  private static final String TASK_ID = "0x" + "7c".repeat(32);
  @TempDir Path tmp;

  /** An honest output: a file and a sub-folder. */
  private Path output(String name) throws IOException {
    Path out = Files.createDirectories(tmp.resolve(name).resolve("sub"));
    Files.writeString(out.resolve("deep.txt"), "deep\n");
    Files.writeString(out.getParent().resolve("out.txt"), "the right answer\n");
    return out.getParent();
  }

  @Test
  void shouldParseTheModesOfTheFlag() {
    assertEquals(Saboteur.NONE, Saboteur.parse(""));
    assertEquals(Saboteur.NONE, Saboteur.parse(null));
    assertEquals(Saboteur.COLLUDE, Saboteur.parse("Collude"));
    assertEquals(Saboteur.RANDOM, Saboteur.parse(" random "));
    assertFalse(Saboteur.NONE.lies());
    assertEquals("collude", Saboteur.COLLUDE.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Saboteur.parse("always"));
    assertEquals("testing saboteur mode 'always' is not one of collude, random", e.getMessage());
  }

  @Test
  void shouldLeaveTheOutputOfAnHonestWorkerAlone() throws Exception {
    Path out = output("honest");
    String before = Hashes.folderDigest(out);
    Saboteur.NONE.sabotage(TASK_ID, out);
    assertEquals(before, Hashes.folderDigest(out));
  }

  @Test
  void shouldMakeColludersAgreeOnOneWrongResultPerTask() throws Exception {
    Path a = output("a");
    Path b = output("b");
    String honest = Hashes.folderDigest(a);
    Saboteur.COLLUDE.sabotage(TASK_ID, a);
    Saboteur.COLLUDE.sabotage(TASK_ID, b);
    try (var files = Files.list(a)) {
      assertEquals(1, files.count(), "one file replaces the output");
    }
    assertEquals("sabotaged " + TASK_ID + "\n", Files.readString(a.resolve("result.txt")));
    assertEquals(Hashes.folderDigest(a), Hashes.folderDigest(b), "colluders agree");
    assertNotEquals(honest, Hashes.folderDigest(a), "on a wrong result");
    Path other = output("other");
    Saboteur.COLLUDE.sabotage("0x" + "01".repeat(32), other);
    assertNotEquals(Hashes.folderDigest(a), Hashes.folderDigest(other), "one wrong result per task");
  }

  @Test
  void shouldMakeRandomSaboteursEachLieDifferently() throws Exception {
    Path a = output("a");
    Path b = output("b");
    Saboteur.RANDOM.sabotage(TASK_ID, a);
    Saboteur.RANDOM.sabotage(TASK_ID, b);
    assertTrue(Files.readString(a.resolve("result.txt")).matches("sabotaged " + TASK_ID + " [0-9a-f-]{36}\n"));
    assertNotEquals(Hashes.folderDigest(a), Hashes.folderDigest(b));
  }
}
