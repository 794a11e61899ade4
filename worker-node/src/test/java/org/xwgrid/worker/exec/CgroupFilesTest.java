package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupFilesTest {
  @TempDir Path tmp;

  @Test
  void shouldReadKeyedFiles() {
    String oomControl = "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n";
    assertEquals(3, CgroupFiles.parseKeyed(oomControl, "oom_kill"));
    assertEquals(0, CgroupFiles.parseKeyed(oomControl, "oom_kill_disable"));
    assertEquals(-1, CgroupFiles.parseKeyed(oomControl, "oom"));
    assertEquals(1200, CgroupFiles.parseKeyed("usage_usec 1200\nuser_usec 1000\nsystem_usec 200\n", "usage_usec"));
  }

  @Test
  void shouldReadNumbersAndSayWhenThereIsNone() throws Exception {
    assertEquals(42, CgroupFiles.parseNumber("42\n"));
    assertEquals(-1, CgroupFiles.parseNumber("max\n"));
    assertEquals(-1, CgroupFiles.number(tmp.resolve("missing")));
    Files.writeString(tmp.resolve("cgroup.procs"), "12\n345\n");
    assertEquals(List.of(12L, 345L), CgroupFiles.pids(tmp.resolve("cgroup.procs")));
    assertEquals(List.of(), CgroupFiles.pids(tmp.resolve("gone/cgroup.procs")));
  }
}
