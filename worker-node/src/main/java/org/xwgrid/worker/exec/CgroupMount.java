package org.xwgrid.worker.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A cgroup file system mounted on this host, from {@code /proc/self/mountinfo}: where ({@code
 * dir}), which version ({@code v2}: {@code cgroup2}, else a v1 hierarchy) and, for v1, the
 * controllers it carries ({@code memory}, {@code cpu}, ...).
 */
record CgroupMount(Path dir, boolean v2, Set<String> controllers) {
  /** The v1 controllers (the other mount options, such as {@code xattr} or {@code name=systemd}, are not). */
  static final Set<String> V1_CONTROLLERS =
      Set.of(
          "blkio", "cpu", "cpuacct", "cpuset", "devices", "freezer", "hugetlb", "memory", "misc",
          "net_cls", "net_prio", "perf_event", "pids", "rdma");

  /** The cgroup mounts among {@code /proc/self/mountinfo}'s lines (see proc(5)). */
  static List<CgroupMount> parse(List<String> mountinfo) {
    List<CgroupMount> mounts = new ArrayList<>();
    for (String line : mountinfo) {
      String[] f = line.split(" ");
      int dash = List.of(f).indexOf("-");
      if (dash < 5 || f.length < dash + 4) {
        continue;
      }
      String type = f[dash + 1];
      Path dir = Path.of(unescape(f[4]));
      if (type.equals("cgroup2")) {
        mounts.add(new CgroupMount(dir, true, Set.of()));
      } else if (type.equals("cgroup")) {
        Set<String> controllers = new java.util.TreeSet<>();
        for (String o : f[dash + 3].split(",")) {
          if (V1_CONTROLLERS.contains(o)) {
            controllers.add(o);
          }
        }
        mounts.add(new CgroupMount(dir, false, Set.copyOf(controllers)));
      }
    }
    return mounts;
  }

  /** mountinfo writes a space as {@code \040}, a tab as {@code \011}... */
  private static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
        b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
