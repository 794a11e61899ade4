package org.xwgrid.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** SHA-256 helpers: of bytes, of a file, and the result digest of an output folder. */
public final class Hashes {
  /** {@link #folderDigest} of a folder without files: the SHA-256 of nothing. */
  public static final String EMPTY_FOLDER_DIGEST = hex(sha256().digest());

  private Hashes() {}

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  public static String sha256Hex(byte[] bytes) {
    return hex(sha256().digest(bytes));
  }

  public static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String sha256Hex(Path file) throws IOException {
    MessageDigest md = sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return hex(md.digest());
  }

  /** True for a lower-case, 64-digit hex SHA-256. */
  public static boolean isSha256(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The result digest of an output folder: SHA-256 of its manifest, one line per regular file in
   * byte order of the relative path, {@code "<sha256 of file>  <relative path>\n"} (the format of
   * {@code sha256sum}), so {@code (cd out && find . -type f -printf '%P\n' | LC_ALL=C sort | xargs
   * sha256sum | sha256sum)} gives the same value. An empty folder hashes the empty manifest.
   */
  public static String folderDigest(Path folder) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      // links are not followed: a task cannot make the worker read (and hash) a file outside its output
      walk.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).forEach(files::add);
    }
    List<String> rel = new ArrayList<>();
    for (Path f : files) {
      rel.add(folder.relativize(f).toString().replace('\\', '/'));
    }
    rel.sort(Hashes::compareBytes);
    MessageDigest manifest = sha256();
    for (String r : rel) {
      String line = sha256Hex(folder.resolve(r)) + "  " + r + "\n";
      manifest.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return hex(manifest.digest());
  }

  private static int compareBytes(String a, String b) {
    return java.util.Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
