package org.xwgrid.worker.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Task cgroups of one cgroup version ({@link CgroupV1} or {@link CgroupV2}): one group per task
 * under {@code xwgrid/<scope>/} of each hierarchy, where the scope names one worker (its work
 * folder), so that several workers on one host never touch each other's groups.
 */
interface Cgroups {
  /** The parent group of every worker's groups, at the root of each hierarchy. */
  String PARENT = "xwgrid";

  /** One line for the logs, e.g. {@code cgroup v1 (memory, cpu, pids, freezer)}. */
  String describe();

  /** A new group {@code name} with {@code limits} written (zero fields: no limit of that kind). */
  TaskCgroup create(String name, Limits limits) throws IOException;

  /** Kills and removes the groups left by an earlier run of this worker; how many there were. */
  int removeStale();

  /** Removes this worker's (empty) scope group; nothing if tasks still have groups. */
  void close();

  /** What {@link #detect} found: the cgroups to use, or why there are none. */
  record Detection(Cgroups cgroups, String problem) {}

  /**
   * Finds a usable cgroup hierarchy among {@code mounts}: v2 with the memory, cpu and pids
   * controllers, else v1 with memory, cpu, cpuacct and pids (freezer if present), whose {@code
   * xwgrid/<scope>} groups can be created. Blocking; call at start.
   */
  static Detection detect(List<CgroupMount> mounts, String scope) {
    List<String> problems = new ArrayList<>();
    for (CgroupMount m : mounts) {
      if (m.v2()) {
        try {
          return new Detection(CgroupV2.open(m.dir(), scope), null);
        } catch (IOException e) {
          problems.add(e.getMessage());
        }
      }
    }
    if (mounts.stream().anyMatch(m -> !m.v2())) {
      try {
        return new Detection(CgroupV1.open(mounts, scope), null);
      } catch (IOException e) {
        problems.add(e.getMessage());
      }
    }
    if (problems.isEmpty()) {
      problems.add("no cgroup file system is mounted");
    }
    return new Detection(null, String.join("; ", problems));
  }

  /** {@link #detect} on this host's {@code /proc/self/mountinfo}. */
  static Detection detect(String scope) {
    try {
      return detect(CgroupMount.parse(Files.readAllLines(Path.of("/proc/self/mountinfo"), StandardCharsets.UTF_8)), scope);
    } catch (IOException e) {
      return new Detection(null, "cannot read /proc/self/mountinfo: " + e.getMessage());
    }
  }

  /** A worker's scope: its work folder's name (made safe) and a hash of its whole path. */
  static String scope(Path workDir) {
    Path p = workDir.toAbsolutePath().normalize();
    String name = p.getFileName() == null ? "root" : safeName(p.getFileName().toString());
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(p.toString().getBytes(StandardCharsets.UTF_8));
      return (name.length() > 40 ? name.substring(0, 40) : name) + "-" + HexFormat.of().formatHex(h, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code s} with characters other than letters, digits, '.', '_' and '-' made '_', never "." or "..". */
  static String safeName(String s) {
    String n = Pattern.compile("[^A-Za-z0-9._-]").matcher(s).replaceAll("_");
    if (n.isEmpty() || n.startsWith(".")) {
      n = "_" + n;
    }
    return n.length() > 200 ? n.substring(0, 200) : n;
  }
}
