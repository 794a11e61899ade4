package org.xwgrid.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipsTest {

  @Test
  void shouldReplaceTheTargetWithTheZipsFilesAndLeaveNoStagingBehind(@TempDir Path dir) throws IOException {
    Path out = Files.createDirectories(dir.resolve("out/sub"));
    Files.writeString(out.resolve("a.txt"), "a");
    Path zip = dir.resolve("r.zip");
    Zips.zipFolder(dir.resolve("out"), zip);
    Path target = Files.createDirectories(dir.resolve("target"));
    Files.writeString(target.resolve("old.txt"), "from before");

    Zips.unzipReplacing(zip, target);

    assertEquals("a", Files.readString(target.resolve("sub/a.txt")));
    assertFalse(Files.exists(target.resolve("old.txt")), "replaced, not merged");
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of("out", "r.zip", "target"), left.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void shouldLeaveTheTargetAsItWasWhenAnEntryEscapesIt(@TempDir Path dir) throws IOException {
    Path zip = dir.resolve("slip.zip");
    try (OutputStream o = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(o)) {
      z.putNextEntry(new ZipEntry("fine.txt"));
      z.write('x');
      z.putNextEntry(new ZipEntry("../escaped.txt"));
      z.write('y');
    }
    Path target = Files.createDirectories(dir.resolve("target"));
    Files.writeString(target.resolve("kept.txt"), "kept");

    assertThrows(IOException.class, () -> Zips.unzipReplacing(zip, target));

    assertEquals("kept", Files.readString(target.resolve("kept.txt")));
    assertFalse(Files.exists(target.resolve("fine.txt")), "nothing of a refused zip is written");
    assertFalse(Files.exists(dir.resolve("escaped.txt")));
    try (Stream<Path> left = Files.list(dir)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().contains("unzip")), "no staging folder left");
    }
  }
}
