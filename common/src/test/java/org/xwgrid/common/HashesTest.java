package org.xwgrid.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
