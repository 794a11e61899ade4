package org.xwgrid.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashesTest {

  @Test
  void shouldNotFollowLinksOutOfTheFolder(@TempDir Path tmp) throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out.resolve("a.txt"), "a");
    String alone = Hashes.folderDigest(out);
    Path secret = Files.writeString(tmp.resolve("secret"), "not the task's");
    Files.createSymbolicLink(out.resolve("leak"), secret);
    Files.createSymbolicLink(out.resolve("dir"), tmp);
    assertEquals(alone, Hashes.folderDigest(out), "links are neither followed nor hashed");
  }

  @Test
  void shouldGiveAnEmptyFolderTheDigestOfNothing(@TempDir Path tmp) throws Exception {
    Path out = Files.createDirectories(tmp.resolve("out"));
    assertEquals(Hashes.EMPTY_FOLDER_DIGEST, Hashes.folderDigest(out));
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Hashes.EMPTY_FOLDER_DIGEST);
  }

  @Test
  void shouldTellALowerCaseHexSha256() {
    assertTrue(Hashes.isSha256(Hashes.EMPTY_FOLDER_DIGEST));
    assertTrue(Hashes.isSha256("0123456789abcdef".repeat(4)));
    assertFalse(Hashes.isSha256(null));
    assertFalse(Hashes.isSha256("0123456789ABCDEF".repeat(4)), "upper case");
    assertFalse(Hashes.isSha256("0123456789abcdef".repeat(4) + "0"), "65 digits");
    assertFalse(Hashes.isSha256("0123456789abcdef".repeat(3) + "0123456789abcdeg"), "not hex");
    assertFalse(Hashes.isSha256("0123456789abcdef".repeat(3) + "0123456789abcde/"), "just below '0'");
    assertFalse(Hashes.isSha256("0123456789abcdef".repeat(3) + "0123456789abcde:"), "just above '9'");
  }
}
