package org.xwgrid.worker.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.api.DataRef;

class ResultArchiveTest {
  @TempDir Path tmp;

  private Path folder(String name, boolean reverseCreation) throws IOException {
    Path f = Files.createDirectories(tmp.resolve(name));
    List<String> files = new ArrayList<>(List.of("b.txt", "a/z.bin", "a/c.txt", "Z.txt", "empty/"));
    if (reverseCreation) {
      java.util.Collections.reverse(files);
    }
    for (String s : files) {
      if (s.endsWith("/")) {
        Files.createDirectories(f.resolve(s));
      } else {
        Files.createDirectories(f.resolve(s).getParent());
        Files.writeString(f.resolve(s), "content of " + s);
      }
    }
    return f;
  }

  @Test
  void shouldGiveIdenticalBytesForIdenticalFolders() throws IOException {
    Path one = folder("one", false);
    Path two = folder("two", true);
    Files.setLastModifiedTime(two.resolve("b.txt"), FileTime.from(Instant.parse("2011-02-03T04:05:06Z")));
    DataRef r1 = ResultArchive.write(one, tmp.resolve("one.zip"), "result.zip");
    DataRef r2 = ResultArchive.write(two, tmp.resolve("two.zip"), "result.zip");
    assertArrayEquals(Files.readAllBytes(tmp.resolve("one.zip")), Files.readAllBytes(tmp.resolve("two.zip")));
    assertEquals(r1, r2);
    assertEquals(Hashes.sha256Hex(tmp.resolve("one.zip")), r1.sha256());
    assertEquals(Files.size(tmp.resolve("one.zip")), r1.size());
  }

  @Test
  void shouldListEntriesSortedWithTheirContent() throws IOException {
    Path one = folder("one", false);
    ResultArchive.write(one, tmp.resolve("one.zip"), "result.zip");
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(tmp.resolve("one.zip")))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        names.add(e.getName());
        if (!e.isDirectory()) {
          assertEquals("content of " + e.getName(), new String(in.readAllBytes()));
        }
      }
    }
    assertEquals(List.of("Z.txt", "a/", "a/c.txt", "a/z.bin", "b.txt", "empty/"), names);
  }

  @Test
  void shouldChangeWhenContentChanges() throws IOException {
    Path one = folder("one", false);
    DataRef before = ResultArchive.write(one, tmp.resolve("1.zip"), "r");
    Files.writeString(one.resolve("b.txt"), "other");
    assertNotEquals(before.sha256(), ResultArchive.write(one, tmp.resolve("2.zip"), "r").sha256());
  }

  @Test
  void shouldGiveTheSameZipForEveryEmptyFolder() throws IOException {
    DataRef a = ResultArchive.write(Files.createDirectory(tmp.resolve("e1")), tmp.resolve("e1.zip"), "r");
    DataRef b = ResultArchive.write(Files.createDirectory(tmp.resolve("e2")), tmp.resolve("e2.zip"), "r");
    assertEquals(a, b);
  }

  @Test
  void shouldRefuseSymbolicLinks() throws IOException {
    Path one = folder("one", false);
    Files.createSymbolicLink(one.resolve("link"), Path.of("/etc/passwd"));
    IOException e = assertThrows(IOException.class, () -> ResultArchive.write(one, tmp.resolve("x.zip"), "r"));
    assertEquals("output contains a symbolic link: link", e.getMessage());
    Files.delete(one.resolve("link"));
  }
}
