package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cgroup v1 on fake hierarchies (plain folders in a temp dir). */
class CgroupV1Test {
  @TempDir Path tmp;

  private List<CgroupMount> mounts(String... controllers) throws IOException {
    List<CgroupMount> m = new ArrayList<>();
    for (String c : controllers) {
      Path dir = Files.createDirectories(tmp.resolve(c));
      m.add(new CgroupMount(dir, false, Set.of(c.split(","))));
    }
    return m;
  }

  private String read(String path) throws IOException {
    return Files.readString(tmp.resolve(path));
  }

  @Test
  void shouldWriteTheLimitsIntoEachHierarchy() throws Exception {
    CgroupV1 v1 = CgroupV1.open(mounts("memory", "cpu", "cpuacct", "pids", "freezer"), "w-1");
    TaskCgroup g = v1.create("job-0-1", new Limits(64 << 20, 1500, 32));
    assertEquals("67108864", read("memory/xwgrid/w-1/job-0-1/memory.limit_in_bytes"));
    assertFalse(Files.exists(tmp.resolve("memory/xwgrid/w-1/job-0-1/memory.memsw.limit_in_bytes")), "only when swap is accounted");
    assertEquals("100000", read("cpu/xwgrid/w-1/job-0-1/cpu.cfs_period_us"));
    assertEquals("150000", read("cpu/xwgrid/w-1/job-0-1/cpu.cfs_quota_us"));
    assertEquals("32", read("pids/xwgrid/w-1/job-0-1/pids.max"));
    assertTrue(g.freezable());
    assertEquals(5, g.procsFiles().size());
    assertEquals(tmp.resolve("freezer/xwgrid/w-1/job-0-1/cgroup.procs"), g.procsFiles().get(4));
    g.freeze();
    assertEquals("FROZEN", read("freezer/xwgrid/w-1/job-0-1/freezer.state"));
    g.thaw();
    assertEquals("THAWED", read("freezer/xwgrid/w-1/job-0-1/freezer.state"));
  }

  @Test
  void shouldWriteNothingForLimitsLeftAtZero() throws Exception {
    CgroupV1.open(mounts("memory", "cpu", "cpuacct", "pids"), "w").create("t", Limits.NONE);
    try (var s = Files.list(tmp.resolve("memory/xwgrid/w/t"))) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void shouldShareTheFolderOfCoMountedControllersAndPauseWithSignalsWithoutAFreezer() throws Exception {
    CgroupV1 v1 = CgroupV1.open(mounts("memory", "cpu,cpuacct", "pids"), "w");
    TaskCgroup g = v1.create("t", new Limits(0, 250, 0));
    assertEquals(3, g.dirs().size());
    assertEquals("25000", read("cpu,cpuacct/xwgrid/w/t/cpu.cfs_quota_us"));
    assertFalse(g.freezable());
    assertTrue(v1.describe().startsWith("cgroup v1 (memory, cpu, cpuacct, pids)"), v1.describe());
  }

  @Test
  void shouldReadTheUsage() throws Exception {
    TaskCgroup g = CgroupV1.open(mounts("memory", "cpu", "cpuacct", "pids"), "w").create("t", Limits.NONE);
    Files.writeString(tmp.resolve("cpuacct/xwgrid/w/t/cpuacct.usage"), "1234567890\n");
    Files.writeString(tmp.resolve("memory/xwgrid/w/t/memory.max_usage_in_bytes"), "104857600\n");
    Files.writeString(tmp.resolve("memory/xwgrid/w/t/memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
    Files.writeString(tmp.resolve("pids/xwgrid/w/t/pids.events"), "max 5\n");
    assertEquals(new CgroupUsage(1234, 104857600, 2, 5), g.usage());
    assertEquals(1234567890, g.cpuNanos());
  }

  @Test
  void shouldSayWhichControllersAreMissing() throws Exception {
    IOException e = assertThrows(IOException.class, () -> CgroupV1.open(mounts("memory", "cpu"), "w"));
    assertEquals("cgroup v1 lacks the cpuacct, pids controllers", e.getMessage());
  }

  @Test
  void shouldSayWhenTheGroupsCannotBeCreated() throws Exception {
    List<CgroupMount> m = mounts("memory", "cpu", "cpuacct", "pids");
    Files.writeString(tmp.resolve("pids/xwgrid"), "a file where the parent group should be");
    IOException e = assertThrows(IOException.class, () -> CgroupV1.open(m, "w"));
    assertTrue(e.getMessage().startsWith("cannot create the cgroup " + tmp.resolve("pids/xwgrid/w")), e.getMessage());
  }

  @Test
  void shouldGiveAQuotaOfAtLeastOneMillisecond() {
    assertEquals(150_000, CgroupV1.Group.quotaUs(1500));
    assertEquals(1000, CgroupV1.Group.quotaUs(5));
  }
}
