package org.xwgrid.worker.task;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.xwgrid.common.Hashes;
import org.xwgrid.common.api.DataRef;

/**
 * The zip of an output folder, deterministic: entries in byte order of their relative paths
 * (folders with a trailing '/'), one fixed timestamp, no extra fields, fixed compression, so that
 * identical folders give byte-identical zips (and thus one upload for identical results). Symbolic
 * links and special files are refused: a task must not make the worker read outside its output.
 */
public final class ResultArchive {
  /** The DOS timestamp of every entry (local date-time, so independent of the time zone). */
  private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

  private ResultArchive() {}

  /** The zip of an empty folder: just the end-of-central-directory record. */
  private static final byte[] EMPTY_ZIP = emptyZip();
  /** The digest of the zip of an empty folder. */
  public static final String EMPTY_ZIP_SHA256 = Hashes.sha256Hex(EMPTY_ZIP);

  /** Writes the zip of an empty folder to {@code file}. */
  public static void writeEmpty(Path file) throws IOException {
    Files.write(file, EMPTY_ZIP);
  }

  /** Writes the zip of {@code folder} to {@code zip}; returns its SHA-256, size and the given name. */
  public static DataRef write(Path folder, Path zip, String name) throws IOException {
    DataRef r = writeUnlessEmpty(folder, zip, name);
    if (r.sha256().equals(EMPTY_ZIP_SHA256)) {
      writeEmpty(zip);
    }
    return r;
  }

  /**
   * Like {@link #write}, but for an empty folder writes nothing and just returns the reference of
   * the (constant) empty zip: common for tasks whose result is their exit code.
   */
  public static DataRef writeUnlessEmpty(Path folder, Path zip, String name) throws IOException {
    List<String> entries = entries(folder);
    if (entries.isEmpty()) {
      return new DataRef(EMPTY_ZIP_SHA256, EMPTY_ZIP.length, name);
    }
    MessageDigest md = Hashes.sha256();
    try (OutputStream file = Files.newOutputStream(zip);
        DigestOutputStream digest = new DigestOutputStream(new BufferedOutputStream(file, 1 << 16), md);
        ZipOutputStream out = new ZipOutputStream(digest, StandardCharsets.UTF_8)) {
      out.setLevel(Deflater.DEFAULT_COMPRESSION);
      out.setMethod(ZipOutputStream.DEFLATED);
      for (String e : entries) {
        ZipEntry entry = new ZipEntry(e);
        entry.setTimeLocal(FIXED_TIME);
        out.putNextEntry(entry);
        if (!e.endsWith("/")) {
          Files.copy(folder.resolve(e), out);
        }
        out.closeEntry();
      }
      out.finish();
      digest.flush();
    }
    return new DataRef(Hashes.hex(md.digest()), Files.size(zip), name);
  }

  private static byte[] emptyZip() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (ZipOutputStream out = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      out.finish();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /** The entry names of a folder, sorted; fails on links and special files. */
  static List<String> entries(Path folder) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (p.equals(folder)) {
          continue;
        }
        String rel = folder.relativize(p).toString().replace('\\', '/');
        if (Files.isSymbolicLink(p)) {
          throw new IOException("output contains a symbolic link: " + rel);
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          names.add(rel + "/");
        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          names.add(rel);
        } else {
          throw new IOException("output contains a special file: " + rel);
        }
      }
    }
    names.sort(
        (a, b) ->
            Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    return names;
  }
}
