package org.xwgrid.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Deterministic zips (entries in byte order of their names, fixed timestamps: the same files give
 * the same bytes, so the same sha256) and a safe unzip that refuses entries escaping the target.
 */
public final class Zips {
  private static final FileTime EPOCH = FileTime.fromMillis(315532800000L); // 1980-01-01, zip's first day

  private Zips() {}

  /** Zips every regular file under {@code folder}, named by its relative path. */
  public static void zipFolder(Path folder, Path zip) throws IOException {
    Map<String, Path> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.filter(Files::isRegularFile)
          .forEach(f -> files.put(folder.relativize(f).toString().replace('\\', '/'), f));
    }
    zipFiles(files, zip);
  }

  /** Zips the given files, each under its entry name (a relative path with '/'). */
  public static void zipFiles(Map<String, Path> entries, Path zip) throws IOException {
    try (OutputStream out = Files.newOutputStream(zip);
        ZipOutputStream zos = new ZipOutputStream(out)) {
      for (Map.Entry<String, Path> e : new TreeMap<>(entries).entrySet()) {
        ZipEntry ze = new ZipEntry(e.getKey());
        ze.setLastModifiedTime(EPOCH);
        ze.setCreationTime(EPOCH);
        ze.setLastAccessTime(EPOCH);
        ze.setTime(EPOCH.toMillis());
        zos.putNextEntry(ze);
        Files.copy(e.getValue(), zos);
        zos.closeEntry();
      }
    }
  }

  /**
   * Unzips into {@code target} (created if needed). Throws {@link IOException} on an entry whose
   * name is absolute or leaves the target ("zip slip"), before writing anything of it.
   */
  public static void unzip(Path zip, Path target) throws IOException {
    try (InputStream in = Files.newInputStream(zip)) {
      unzip(in, target);
    }
  }

  /**
   * Unzips into {@code target}, all or nothing: into a staging folder beside it, which then
   * replaces {@code target} and whatever it held. A refused entry (see {@link #unzip(Path, Path)})
   * or a broken zip leaves {@code target} as it was.
   */
  public static void unzipReplacing(Path zip, Path target) throws IOException {
    Path parent = Files.createDirectories(target.toAbsolutePath().getParent());
    Path staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".unzip-");
    try {
      unzip(zip, staging);
      deleteTree(target);
      Files.move(staging, target);
    } finally {
      deleteTree(staging);
    }
  }

  /** Deletes {@code p} and everything under it, without following links; nothing if absent. */
  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  public static void unzip(InputStream zipStream, Path target) throws IOException {
    Path root = Files.createDirectories(target).toRealPath();
    try (ZipInputStream zis = new ZipInputStream(zipStream)) {
      for (ZipEntry e; (e = zis.getNextEntry()) != null; ) {
        Path dest = root.resolve(e.getName()).normalize();
        if (e.getName().startsWith("/") || !dest.startsWith(root) || dest.equals(root)) {
          throw new IOException("refusing zip entry outside the target folder: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(dest);
        } else {
          Files.createDirectories(dest.getParent());
          Files.copy(zis, dest, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
