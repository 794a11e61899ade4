package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which cgroups a host offers (fake hierarchies in a temp dir), and the names of groups. */
class CgroupsTest {
  @TempDir Path tmp;

  private CgroupMount v2(String controllers) throws IOException {
    Path m = Files.createDirectories(tmp.resolve("unified"));
    Files.writeString(m.resolve("cgroup.controllers"), controllers);
    return new CgroupMount(m, true, Set.of());
  }

  private List<CgroupMount> v1(String... controllers) throws IOException {
    List<CgroupMount> m = new ArrayList<>();
    for (String c : controllers) {
      m.add(new CgroupMount(Files.createDirectories(tmp.resolve(c)), false, Set.of(c)));
    }
    return m;
  }

  @Test
  void shouldPreferAUsableV2() throws Exception {
    List<CgroupMount> mounts = new ArrayList<>(v1("memory", "cpu", "cpuacct", "pids"));
    mounts.add(v2("cpu memory pids"));
    Cgroups.Detection d = Cgroups.detect(mounts, "w");
    assertTrue(d.cgroups() instanceof CgroupV2, d.toString());
    assertNull(d.problem());
  }

  @Test
  void shouldUseV1WhenTheUnifiedHierarchyLacksControllersAsOnAHybridHost() throws Exception {
    List<CgroupMount> mounts = new ArrayList<>(v1("memory", "cpu", "cpuacct", "pids", "freezer"));
    mounts.add(v2("hugetlb"));
    Cgroups.Detection d = Cgroups.detect(mounts, "w");
    assertTrue(d.cgroups() instanceof CgroupV1, d.toString());
  }

  @Test
  void shouldSayEverythingThatIsMissing() throws Exception {
    List<CgroupMount> mounts = new ArrayList<>(v1("memory", "cpu"));
    mounts.add(v2("hugetlb"));
    Cgroups.Detection d = Cgroups.detect(mounts, "w");
    assertNull(d.cgroups());
    assertEquals(
        "cgroup v2 at " + tmp.resolve("unified") + " lacks the memory, cpu, pids controllers; cgroup v1 lacks the cpuacct, pids controllers",
        d.problem());
    assertEquals("no cgroup file system is mounted", Cgroups.detect(List.of(), "w").problem());
  }

  @Test
  void shouldNameOneScopePerWorkDir() {
    String a = Cgroups.scope(Path.of("/var/lib/xw worker"));
    assertTrue(a.matches("xw_worker-[0-9a-f]{10}"), a);
    assertEquals(a, Cgroups.scope(Path.of("/var/lib/./xw worker")));
    assertNotEquals(a, Cgroups.scope(Path.of("/home/u/xw worker")));
  }

  @Test
  void shouldMakeSafeNames() {
    assertEquals("job_1-0-1", Cgroups.safeName("job/1-0-1"));
    assertEquals("_..", Cgroups.safeName(".."));
    assertEquals("_", Cgroups.safeName(""));
  }
}
