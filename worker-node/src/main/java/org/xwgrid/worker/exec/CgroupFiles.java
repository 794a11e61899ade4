package org.xwgrid.worker.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads and writes the small text files of a cgroup. */
final class CgroupFiles {
  private CgroupFiles() {}

  /** Writes {@code value} (one write, as the kernel wants it). */
  static void write(Path file, String value) throws IOException {
    Files.write(file, value.getBytes(StandardCharsets.US_ASCII));
  }

  /** The number a one-number file holds, or -1 if the file is missing or holds no number. */
  static long number(Path file) {
    try {
      return parseNumber(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (IOException e) {
      return -1;
    }
  }

  /** A one-number file's text as a number; "max" and garbage give -1. */
  static long parseNumber(String text) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The value of {@code key} in a file of "key value" lines, or -1 if it is missing. */
  static long keyed(Path file, String key) {
    try {
      return parseKeyed(Files.readString(file, StandardCharsets.US_ASCII), key);
    } catch (IOException e) {
      return -1;
    }
  }

  /** The value of {@code key} in "key value" lines ({@code memory.events}, {@code cpu.stat}...), or -1. */
  static long parseKeyed(String text, String key) {
    int at = 0;
    int n = text.length();
    while (at < n) {
      int eol = text.indexOf('\n', at);
      if (eol < 0) {
        eol = n;
      }
      String line = text.substring(at, eol).strip();
      int space = 0;
      while (space < line.length() && !Character.isWhitespace(line.charAt(space))) {
        space++;
      }
      if (space == key.length() && line.startsWith(key)) {
        String value = line.substring(space).strip();
        return value.isEmpty() || value.chars().anyMatch(Character::isWhitespace) ? -1 : parseNumber(value);
      }
      at = eol + 1;
    }
    return -1;
  }

  /** The first word of a file ({@code freezer.state}), or "" if it is missing. */
  static String word(Path file) {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return "";
    }
  }

  /** The process ids listed in a {@code cgroup.procs}; none if the group is gone. */
  static List<Long> pids(Path procs) throws IOException {
    String text;
    try {
      text = Files.readString(procs, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return new ArrayList<>();
    }
    return parsePids(text);
  }

  /** The process ids of a {@code cgroup.procs} text. */
  static List<Long> parsePids(String text) {
    List<Long> pids = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        pids.add(Long.parseLong(line.strip()));
      }
    }
    return pids;
  }
}
