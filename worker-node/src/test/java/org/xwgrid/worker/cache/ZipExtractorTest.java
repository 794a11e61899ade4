package org.xwgrid.worker.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipExtractorTest {
  @TempDir Path tmp;
  private final ZipExtractor extractor = ZipExtractor.create(1 << 20, 100);

  static Path zip(Path file, Map<String, String> entries) throws IOException {
    try (OutputStream os = Files.newOutputStream(file);
        ZipOutputStream z = new ZipOutputStream(os)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return file;
  }

  @Test
  void shouldUnpackFilesAndMakeThemExecutable() throws IOException {
    Path z = zip(tmp.resolve("app.zip"), Map.of("run.sh", "#!/bin/sh\necho hi\n", "lib/data.txt", "x", "lib/", ""));
    Path out = tmp.resolve("out");
    extractor.extract(z, out);
    assertEquals("#!/bin/sh\necho hi\n", Files.readString(out.resolve("run.sh")));
    assertEquals("x", Files.readString(out.resolve("lib/data.txt")));
    assertTrue(Files.isExecutable(out.resolve("run.sh")));
    for (Path d : java.util.List.of(out, out.resolve("lib"))) {
      assertEquals("rwxr-xr-x", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(d)),
          "a sandboxed task's user enters its app's folders whatever the umask: " + d);
    }
  }

  @Test
  void shouldRejectParentSegmentsBeforeWritingAnything() throws IOException {
    Path z = zip(tmp.resolve("evil.zip"), Map.of("a.txt", "fine", "../../evil.txt", "pwned"));
    Path out = tmp.resolve("deep/out");
    UnsafeArchiveException e = assertThrows(UnsafeArchiveException.class, () -> extractor.extract(z, out));
    assertTrue(e.getMessage().contains("../../evil.txt"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("evil.txt")));
    assertFalse(Files.exists(out.resolve("a.txt")), "nothing is written from an unsafe archive");
  }

  @Test
  void shouldRejectAbsoluteAndSneakyNames() throws IOException {
    for (String name : new String[] {"/etc/passwd", "a/../../x", "..\\x", "C:/x", "a/..", ".."}) {
      Path z = zip(tmp.resolve("z" + name.hashCode() + ".zip"), Map.of(name, "x"));
      assertThrows(UnsafeArchiveException.class, () -> extractor.extract(z, tmp.resolve("o")), name);
    }
  }

  @Test
  void shouldAcceptInnerParentSegmentsThatStayInside() throws IOException {
    // "a/./b" is odd but stays inside; only ".." segments are refused outright.
    Path z = zip(tmp.resolve("ok.zip"), Map.of("a/./b.txt", "y"));
    extractor.extract(z, tmp.resolve("o"));
    assertEquals("y", Files.readString(tmp.resolve("o/a/b.txt")));
  }

  @Test
  void shouldRejectArchivesOverTheLimits() throws IOException {
    Path big = zip(tmp.resolve("big.zip"), Map.of("big", "x".repeat(2000)));
    assertThrows(UnsafeArchiveException.class, () -> ZipExtractor.create(1000, 10).extract(big, tmp.resolve("o1")));
    Path many = zip(tmp.resolve("many.zip"), Map.of("a", "", "b", "", "c", ""));
    assertThrows(UnsafeArchiveException.class, () -> ZipExtractor.create(1000, 2).extract(many, tmp.resolve("o2")));
  }
}
