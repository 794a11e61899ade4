package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cgroup v2 on a fake hierarchy (a plain folder in a temp dir). */
class CgroupV2Test {
  @TempDir Path tmp;

  private Path mount(String controllers) throws IOException {
    Path m = Files.createDirectories(tmp.resolve("unified"));
    Files.writeString(m.resolve("cgroup.controllers"), controllers + "\n");
    return m;
  }

  private String read(String path) throws IOException {
    return Files.readString(tmp.resolve("unified").resolve(path));
  }

  @Test
  void shouldHandTheControllersDownToTheWorkersGroup() throws Exception {
    CgroupV2.open(mount("cpuset cpu io memory hugetlb pids rdma misc"), "w");
    assertEquals("+memory +cpu +pids", read("cgroup.subtree_control"));
    assertEquals("+memory +cpu +pids", read("xwgrid/cgroup.subtree_control"));
    assertEquals("+memory +cpu +pids", read("xwgrid/w/cgroup.subtree_control"));
  }

  @Test
  void shouldSayWhichControllersAreMissing() throws Exception {
    Path m = mount("hugetlb");
    IOException e = assertThrows(IOException.class, () -> CgroupV2.open(m, "w"));
    assertEquals("cgroup v2 at " + m + " lacks the memory, cpu, pids controllers", e.getMessage());
    assertFalse(Files.exists(m.resolve("xwgrid")), "nothing created");
  }

  @Test
  void shouldWriteTheLimits() throws Exception {
    TaskCgroup g = CgroupV2.open(mount("cpu memory pids"), "w").create("job-1-1", new Limits(1 << 30, 500, 64));
    assertEquals("1073741824", read("xwgrid/w/job-1-1/memory.max"));
    assertEquals("50000 100000", read("xwgrid/w/job-1-1/cpu.max"));
    assertEquals("64", read("xwgrid/w/job-1-1/pids.max"));
    assertEquals(tmp.resolve("unified/xwgrid/w/job-1-1/cgroup.procs"), g.procsFiles().get(0));
    assertFalse(g.freezable(), "no cgroup.freeze in this fake");
  }

  @Test
  void shouldReadTheUsageAndSayWhenThePeakIsUnknown() throws Exception {
    TaskCgroup g = CgroupV2.open(mount("cpu memory pids"), "w").create("t", Limits.NONE);
    Path d = tmp.resolve("unified/xwgrid/w/t");
    Files.writeString(d.resolve("cpu.stat"), "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n");
    Files.writeString(d.resolve("memory.events"), "low 0\nhigh 0\nmax 7\noom 1\noom_kill 1\noom_group_kill 0\n");
    Files.writeString(d.resolve("pids.events"), "max 0\n");
    assertEquals(new CgroupUsage(2500, -1, 1, 0), g.usage(), "no memory.peak before Linux 5.19");
    Files.writeString(d.resolve("memory.peak"), "5242880\n");
    assertEquals(5242880, g.usage().peakMemoryBytes());
  }

  @Test
  void shouldFreezeThroughCgroupFreeze() throws Exception {
    TaskCgroup g = CgroupV2.open(mount("cpu memory pids"), "w").create("t", Limits.NONE);
    Files.writeString(tmp.resolve("unified/xwgrid/w/t/cgroup.freeze"), "0\n");
    assertTrue(g.freezable());
    g.freeze();
    assertEquals("1", read("xwgrid/w/t/cgroup.freeze"));
    g.thaw();
    assertEquals("0", read("xwgrid/w/t/cgroup.freeze"));
  }
}
