package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
  void shouldMakeAGroupAnewOverAStaleOneOfTheSameName() throws Exception {
    List<CgroupMount> m = mounts("memory", "cpu", "cpuacct", "pids");
    CgroupV1.open(m, "w").create("t", Limits.NONE); // left by an earlier run
    TaskCgroup g = CgroupV1.open(m, "w").create("t", Limits.NONE);
    Files.writeString(tmp.resolve("cpuacct/xwgrid/w/t/cpuacct.usage"), "3000000\n");
    Files.writeString(tmp.resolve("memory/xwgrid/w/t/cgroup.procs"), ProcessHandle.current().pid() + "\n");
    assertEquals(3, g.usage().cpuMs(), "its files are its own, open");
    g.killRest(); // nothing left, and no closed file in the way
  }

  @Test
  void shouldMakeAReusedGroupReadyForTheNextTask() throws Exception {
    CgroupV1 v1 = CgroupV1.open(mounts("memory", "cpu", "cpuacct", "pids"), "w");
    TaskCgroup first = v1.create("t", new Limits(64 << 20, 1500, 32));
    Files.writeString(tmp.resolve("memory/xwgrid/w/t/memory.memsw.limit_in_bytes"), "67108864");
    Files.writeString(tmp.resolve("memory/xwgrid/w/t/memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
    Files.writeString(tmp.resolve("pids/xwgrid/w/t/pids.events"), "max 5\n");
    Files.writeString(tmp.resolve("memory/xwgrid/w/t/memory.usage_in_bytes"), "5242880\n");
    Files.writeString(tmp.resolve("cpuacct/xwgrid/w/t/cpuacct.usage"), "7000000\n");
    assertTrue(first.reusable());

    TaskCgroup next = first.reuse(Limits.NONE);
    assertEquals(Limits.NONE, next.limits());
    assertEquals("-1", read("memory/xwgrid/w/t/memory.limit_in_bytes"), "the last task's limits are lifted");
    assertEquals("-1", read("memory/xwgrid/w/t/memory.memsw.limit_in_bytes"));
    assertEquals("-1", read("cpu/xwgrid/w/t/cpu.cfs_quota_us"));
    assertEquals("max", read("pids/xwgrid/w/t/pids.max"));
    assertEquals("0", read("memory/xwgrid/w/t/memory.force_empty"), "the 5 MiB of page cache left charged are reclaimed");
    assertEquals("0", read("memory/xwgrid/w/t/memory.max_usage_in_bytes"), "the peak starts from zero");
    assertEquals(new CgroupUsage(0, 0, 0, 0), next.usage(), "the last task's CPU time, OOM kill and limit hits are not this one's");

    Files.writeString(tmp.resolve("memory/xwgrid/w/t/memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n");
    Files.writeString(tmp.resolve("pids/xwgrid/w/t/pids.events"), "max 7\n");
    Files.writeString(tmp.resolve("cpuacct/xwgrid/w/t/cpuacct.usage"), "12000000\n");
    assertEquals(new CgroupUsage(5, 0, 1, 2), next.usage(), "read again through the files kept open");
    Files.delete(tmp.resolve("memory/xwgrid/w/t/memory.force_empty"));
    Files.writeString(tmp.resolve("memory/xwgrid/w/t/memory.usage_in_bytes"), "8192\n");
    next.reuse(new Limits(1 << 20, 500, 9));
    assertFalse(Files.exists(tmp.resolve("memory/xwgrid/w/t/memory.force_empty")), "a few pages are left charged");
    assertEquals("1048576", read("memory/xwgrid/w/t/memory.limit_in_bytes"));
    assertEquals("1048576", read("memory/xwgrid/w/t/memory.memsw.limit_in_bytes"));
    assertEquals("50000", read("cpu/xwgrid/w/t/cpu.cfs_quota_us"));
    assertEquals("9", read("pids/xwgrid/w/t/pids.max"));

    // the same limits again: nothing to rewrite (a marker in the file stays), the peak still reset
    TaskCgroup same = next.reuse(new Limits(1 << 20, 500, 9)).reuse(new Limits(1 << 20, 500, 9));
    Files.writeString(tmp.resolve("pids/xwgrid/w/t/pids.max"), "untouched");
    Files.writeString(tmp.resolve("memory/xwgrid/w/t/memory.max_usage_in_bytes"), "123456789");
    same.reuse(new Limits(1 << 20, 500, 9));
    assertEquals("untouched", read("pids/xwgrid/w/t/pids.max"));
    assertEquals("0", read("memory/xwgrid/w/t/memory.max_usage_in_bytes"));
  }

  @Test
  void shouldCountTheNextTaskFromWhatTheLastOnesUsageRead() throws Exception {
    CgroupV1 v1 = CgroupV1.open(mounts("memory", "cpu", "cpuacct", "pids"), "w");
    TaskCgroup first = v1.create("t", Limits.NONE);
    Files.writeString(tmp.resolve("memory/xwgrid/w/t/memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
    Files.writeString(tmp.resolve("pids/xwgrid/w/t/pids.events"), "max 2\n");
    Files.writeString(tmp.resolve("cpuacct/xwgrid/w/t/cpuacct.usage"), "3000000\n");
    Files.writeString(tmp.resolve("memory/xwgrid/w/t/memory.max_usage_in_bytes"), "9000000\n");
    Files.writeString(tmp.resolve("memory/xwgrid/w/t/memory.usage_in_bytes"), "6000000\n");
    assertEquals(new CgroupUsage(3, 9000000, 1, 2), first.usage());
    // the counters the last task's usage read are the next one's base: the files are not read again
    Files.writeString(tmp.resolve("cpuacct/xwgrid/w/t/cpuacct.usage"), "8000000\n");
    TaskCgroup next = first.reuse(Limits.NONE);
    assertEquals("0", read("memory/xwgrid/w/t/memory.force_empty"), "a peak above 4 MiB: what is charged is read, and reclaimed");
    assertEquals(5, next.usage().cpuMs(), "counted from the 3 ms the last task's usage read");
  }

  @Test
  void shouldSpawnFromAThreadThatLivesInTheGroupAndSendOtherThreadsHome() throws Exception {
    List<CgroupMount> m = mounts("memory", "cpu,cpuacct", "pids");
    for (String home : List.of("memory/user/x", "cpu,cpuacct", "pids")) {
      Files.createDirectories(tmp.resolve(home));
      Files.writeString(tmp.resolve(home).resolve("tasks"), "");
    }
    List<String> self = List.of("4:memory:/user/x", "2:cpu,cpuacct:/", "8:pids:/", "1:name=systemd:/", "0::/");
    TaskCgroup g = CgroupV1.open(m, "w", self).create("t", new Limits(0, 0, 8));
    String spawner = read("pids/xwgrid/w/t/tasks");
    assertTrue(Files.exists(Path.of("/proc/self/task", spawner)), "a thread of this process joined the group");
    String me = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
    assertNotEquals(me, spawner);
    for (String dir : List.of("memory/xwgrid/w/t", "cpu,cpuacct/xwgrid/w/t")) {
      assertEquals(spawner, read(dir + "/tasks"), dir);
    }
    assertEquals("9", read("pids/xwgrid/w/t/pids.max"), "the task's 8 processes and the spawner");

    Files.writeString(tmp.resolve("pids/xwgrid/w/t/tasks"), me); // as if the spawn had made a thread here
    // the JDK's process reapers all busy, so the spawn starts one (the group is only read when a thread was born)
    List<Process> sleepers = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      sleepers.add(new ProcessBuilder("sleep", "30").start());
    }
    Process p;
    try {
      p = g.start(new ProcessBuilder("/bin/true"));
    } finally {
      sleepers.forEach(Process::destroyForcibly);
    }
    assertEquals(0, p.waitFor());
    assertEquals(me, read("pids/tasks"), "a thread of this process found in the group is sent home");
    assertEquals("", read("memory/user/x/tasks"), "the spawner stays");
    assertFalse(Files.exists(tmp.resolve("memory/xwgrid/w/t/cgroup.procs")), "no shell wrote its pid");
    assertEquals("9", read("pids/xwgrid/w/t/pids.max"));
    g.reuse(new Limits(0, 0, 4));
    assertEquals("5", read("pids/xwgrid/w/t/pids.max"), "reused: still one more");
  }

  @Test
  void shouldJoinThroughAShellWhenItDoesNotKnowWhereThisProcessBelongs() throws Exception {
    TaskCgroup g = CgroupV1.open(mounts("memory", "cpu", "cpuacct", "pids"), "w", List.of("4:memory:/", "0::/")).create("t", Limits.NONE);
    Process p = g.start(new ProcessBuilder("/bin/true"));
    assertEquals(0, p.waitFor());
    assertEquals(p.pid() + "\n", read("pids/xwgrid/w/t/cgroup.procs"));
  }

  @Test
  void shouldGiveAQuotaOfAtLeastOneMillisecond() {
    assertEquals(150_000, CgroupV1.Group.quotaUs(1500));
    assertEquals(1000, CgroupV1.Group.quotaUs(5));
  }
}
