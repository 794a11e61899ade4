package org.xwgrid.worker.exec.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageArchiveTest {
  @TempDir Path tmp;

  /** A ustar archive of the given (name, content) pairs, as {@code docker save} writes. */
  private Path tar(String... entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < entries.length; i += 2) {
      byte[] data = entries[i + 1].getBytes(StandardCharsets.UTF_8);
      byte[] h = new byte[512];
      put(h, 0, entries[i]);
      put(h, 100, "0000644");
      put(h, 124, String.format("%011o", data.length));
      put(h, 136, "00000000000");
      h[156] = '0';
      put(h, 257, "ustar");
      put(h, 263, "00");
      for (int k = 148; k < 156; k++) {
        h[k] = ' ';
      }
      int sum = 0;
      for (byte b : h) {
        sum += b & 0xff;
      }
      put(h, 148, String.format("%06o", sum));
      out.write(h);
      out.write(data);
      out.write(new byte[(512 - data.length % 512) % 512]);
    }
    out.write(new byte[1024]);
    Path p = tmp.resolve("image.tar");
    Files.write(p, out.toByteArray());
    return p;
  }

  private static void put(byte[] h, int at, String s) {
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, at, b.length);
  }

  @Test
  void shouldListTheTagsOfTheManifest() throws IOException {
    Path a =
        tar(
            "abc/layer.tar", "x".repeat(700),
            "abc.json", "{}",
            "manifest.json", "[{\"Config\":\"abc.json\",\"RepoTags\":[\"local/a:1\",\"local/a:latest\"],\"Layers\":[\"abc/layer.tar\"]},"
                + "{\"Config\":\"def.json\",\"RepoTags\":[\"other:2\"]}]");
    assertEquals(List.of("local/a:1", "local/a:latest", "other:2"), ImageArchive.repoTags(a));
  }

  @Test
  void shouldGiveNoTagsForAnUntaggedImage() throws IOException {
    assertEquals(List.of(), ImageArchive.repoTags(tar("manifest.json", "[{\"Config\":\"abc.json\",\"RepoTags\":null}]")));
  }

  @Test
  void shouldRejectAnArchiveWithoutManifest() throws IOException {
    IOException e = assertThrows(IOException.class, () -> ImageArchive.repoTags(tar("hello.txt", "hi")));
    assertTrue(e.getMessage().contains("not a docker save archive"), e.getMessage());
    Path junk = tmp.resolve("junk");
    Files.writeString(junk, "not a tar at all");
    assertThrows(IOException.class, () -> ImageArchive.repoTags(junk));
  }
}
