package org.xwgrid.worker.exec.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the image names ({@code RepoTags}) a {@code docker save} archive holds, from its {@code
 * manifest.json}, to say what an archive holds when it does not hold the image asked for. Reads
 * the tar as a stream; writes nothing.
 */
final class ImageArchive {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BLOCK = 512;
  private static final long MAX_MANIFEST = 16L << 20;

  private ImageArchive() {}

  /** The names in the archive's manifest, in order (empty if its images are untagged). */
  static List<String> repoTags(Path archive) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
      byte[] header = new byte[BLOCK];
      while (in.readNBytes(header, 0, BLOCK) == BLOCK && !zeros(header)) {
        String name = name(header);
        long size = size(header);
        byte type = header[156];
        if ((type == '0' || type == 0) && (name.equals("manifest.json") || name.equals("./manifest.json"))) {
          if (size > MAX_MANIFEST) {
            throw new IOException("manifest.json of " + size + " bytes");
          }
          return tags(JSON.readTree(in.readNBytes((int) size)));
        }
        in.skipNBytes((size + BLOCK - 1) / BLOCK * BLOCK);
      }
    }
    throw new IOException("no manifest.json in it (not a docker save archive)");
  }

  private static List<String> tags(JsonNode manifest) {
    List<String> tags = new ArrayList<>();
    for (JsonNode image : manifest) {
      for (JsonNode tag : image.path("RepoTags")) {
        tags.add(tag.asText());
      }
    }
    return tags;
  }

  private static String name(byte[] h) {
    String name = text(h, 0, 100);
    boolean ustar = text(h, 257, 5).equals("ustar");
    String prefix = ustar ? text(h, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /** Octal, or base-256 when the first byte has its high bit set (sizes of 8 GiB and more). */
  private static long size(byte[] h) throws IOException {
    if ((h[124] & 0x80) != 0) {
      long v = h[124] & 0x7f;
      for (int i = 125; i < 136; i++) {
        v = (v << 8) | (h[i] & 0xff);
      }
      return v;
    }
    String octal = text(h, 124, 12).strip();
    try {
      return octal.isEmpty() ? 0 : Long.parseLong(octal, 8);
    } catch (NumberFormatException e) {
      throw new IOException("not a tar archive (bad entry size '" + octal + "')");
    }
  }

  private static String text(byte[] h, int from, int len) {
    int end = from;
    while (end < from + len && h[end] != 0) {
      end++;
    }
    return new String(h, from, end - from, StandardCharsets.UTF_8);
  }

  private static boolean zeros(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
