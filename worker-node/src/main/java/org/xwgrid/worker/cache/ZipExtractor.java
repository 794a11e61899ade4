package org.xwgrid.worker.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks an app zip, refusing entries that would land outside the target folder (absolute paths,
 * {@code ..} segments, drive letters, backslashes) and archives over the size or entry limits.
 * Every entry is checked before anything is written. {@code java.util.zip} does not expose the
 * Unix modes of entries, so every unpacked file is made readable and executable ({@code r-xr-xr-x}):
 * the folder is the app, and scripts and binaries in it must run.
 */
public final class ZipExtractor {
  private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("r-xr-xr-x");
  /** Whatever the umask: a sandboxed task's user (65534) must enter every folder of its app. */
  private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-xr-x");

  private final long maxBytes;
  private final int maxEntries;

  private ZipExtractor(long maxBytes, int maxEntries) {
    this.maxBytes = maxBytes;
    this.maxEntries = maxEntries;
  }

  /** Limits on the unpacked size and the number of entries (zip bombs). */
  public static ZipExtractor create(long maxBytes, int maxEntries) {
    return new ZipExtractor(maxBytes, maxEntries);
  }

  /** Unpacks {@code zip} into {@code target} (created if missing). */
  public void extract(Path zip, Path target) throws IOException {
    Path root = target.toAbsolutePath().normalize();
    Files.createDirectories(root);
    try (ZipFile zf = new ZipFile(zip.toFile())) {
      int count = 0;
      for (Enumeration<? extends ZipEntry> e = zf.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        resolveSafely(root, entry.getName());
        if (++count > maxEntries) {
          throw new UnsafeArchiveException("archive has more than " + maxEntries + " entries");
        }
      }
      long total = 0;
      byte[] buf = new byte[1 << 16];
      for (Enumeration<? extends ZipEntry> e = zf.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        Path out = resolveSafely(root, entry.getName());
        if (entry.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = zf.getInputStream(entry);
            OutputStream os =
                Files.newOutputStream(
                    out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > maxBytes) {
              throw new UnsafeArchiveException("archive unpacks to more than " + maxBytes + " bytes");
            }
            os.write(buf, 0, n);
          }
        }
        Files.setPosixFilePermissions(out, FILE_MODE);
      }
    }
    try (java.util.stream.Stream<Path> dirs = Files.walk(root)) {
      for (Path d : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
        Files.setPosixFilePermissions(d, DIR_MODE);
      }
    }
  }

  /**
   * The bytes {@code zip} says its files hold once unpacked (from its central directory, nothing is
   * unpacked), at most the unpacked-size limit: what an unpack needs on disk.
   */
  public long unpackedSize(Path zip) throws IOException {
    long total = 0;
    try (ZipFile zf = new ZipFile(zip.toFile())) {
      for (Enumeration<? extends ZipEntry> e = zf.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        if (!entry.isDirectory() && entry.getSize() > 0) {
          total += entry.getSize();
          if (total >= maxBytes) {
            return maxBytes;
          }
        }
      }
    }
    return total;
  }

  /** The path an entry name designates inside {@code root}, or an exception if it escapes it. */
  static Path resolveSafely(Path root, String name) throws UnsafeArchiveException {
    if (name == null
        || name.isEmpty()
        || name.startsWith("/")
        || name.indexOf('\\') >= 0
        || name.indexOf('\0') >= 0
        || (name.length() > 1 && name.charAt(1) == ':')) {
      throw new UnsafeArchiveException("unsafe entry name in archive: '" + name + "'");
    }
    for (String segment : name.split("/")) {
      if (segment.equals("..")) {
        throw new UnsafeArchiveException("unsafe entry name in archive: '" + name + "'");
      }
    }
    Path out = root.resolve(name).normalize();
    if (!out.startsWith(root)) {
      throw new UnsafeArchiveException("unsafe entry name in archive: '" + name + "'");
    }
    return out;
  }
}
