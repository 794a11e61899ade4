package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CgroupMountTest {

  @Test
  void shouldFindTheCgroupMountsOfAHybridHost() {
    List<String> mountinfo =
        List.of(
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755",
            "32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu",
            "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory",
            "36 31 0:33 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:9 - cgroup cgroup rw,cpu,cpuacct",
            "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd",
            "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate",
            "42 22 0:39 / /mnt/with\\040space rw - cgroup2 cgroup2 rw",
            "43 22 8:1 / / rw,relatime - ext4 /dev/vda rw");
    assertEquals(
        List.of(
            new CgroupMount(Path.of("/sys/fs/cgroup/cpu"), false, Set.of("cpu")),
            new CgroupMount(Path.of("/sys/fs/cgroup/memory"), false, Set.of("memory")),
            new CgroupMount(Path.of("/sys/fs/cgroup/cpu,cpuacct"), false, Set.of("cpu", "cpuacct")),
            new CgroupMount(Path.of("/sys/fs/cgroup/systemd"), false, Set.of()),
            new CgroupMount(Path.of("/sys/fs/cgroup/unified"), true, Set.of()),
            new CgroupMount(Path.of("/mnt/with space"), true, Set.of())),
        CgroupMount.parse(mountinfo));
  }

  @Test
  void shouldSkipLinesItCannotRead() {
    assertEquals(List.of(), CgroupMount.parse(List.of("", "garbage", "1 2 3 4 5 - cgroup2")));
  }
}
