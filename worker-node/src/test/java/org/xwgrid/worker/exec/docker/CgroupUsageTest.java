package org.xwgrid.worker.exec.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On a fake {@code /sys/fs/cgroup}: plain folders stand for the hierarchies. */
class CgroupUsageTest {
  @TempDir Path root;

  private void hierarchies(String... names) throws IOException {
    for (String n : names) {
      Files.createDirectories(root.resolve(n));
    }
  }

  @Test
  void shouldReadTheTotalsOfTheParent() throws IOException {
    hierarchies("cpuacct", "memory");
    CgroupUsage u = new CgroupUsage(root, "org.xwgrid-ab-1");
    assertEquals("/org.xwgrid-ab-1", u.parent());
    assertFalse(u.present());
    assertEquals(-1, u.cpuMs());
    assertEquals(-1, u.peakMemoryBytes());
    Files.createDirectories(root.resolve("cpuacct/org.xwgrid-ab-1"));
    Files.createDirectories(root.resolve("memory/org.xwgrid-ab-1"));
    Files.writeString(root.resolve("cpuacct/org.xwgrid-ab-1/cpuacct.usage"), "2500000000\n");
    Files.writeString(root.resolve("memory/org.xwgrid-ab-1/memory.max_usage_in_bytes"), "4349952\n");
    assertTrue(u.present());
    assertEquals(2500, u.cpuMs());
    assertEquals(4349952, u.peakMemoryBytes());
  }

  @Test
  void shouldRemoveTheParentFromEveryHierarchy() throws IOException {
    hierarchies("cpuacct", "memory", "pids", "unified");
    for (String h : new String[] {"cpuacct", "memory", "unified"}) {
      Files.createDirectories(root.resolve(h).resolve("g1"));
    }
    Files.createDirectories(root.resolve("pids/other"));
    new CgroupUsage(root, "g1").remove();
    for (String h : new String[] {"cpuacct", "memory", "pids", "unified"}) {
      assertFalse(Files.exists(root.resolve(h).resolve("g1")), h);
    }
    assertTrue(Files.exists(root.resolve("pids/other")));
  }

  @Test
  void shouldSweepOnlyTheGroupsWithThePrefix() throws IOException {
    hierarchies("cpuacct", "memory");
    Files.createDirectories(root.resolve("cpuacct/org.xwgrid-ab-1"));
    Files.createDirectories(root.resolve("memory/org.xwgrid-ab-1"));
    Files.createDirectories(root.resolve("memory/org.xwgrid-cd-2"));
    assertEquals(2, CgroupUsage.sweep(root, "org.xwgrid-ab-"));
    assertTrue(Files.exists(root.resolve("memory/org.xwgrid-cd-2")), "another worker's");
  }

  @Test
  void shouldBeUsableOnlyWithCpuacctAndMemoryHierarchies() throws IOException {
    assertFalse(CgroupUsage.usable(root));
    hierarchies("cpuacct", "memory");
    Files.writeString(root.resolve("cpuacct/cpuacct.usage"), "0");
    assertFalse(CgroupUsage.usable(root));
    Files.writeString(root.resolve("memory/memory.max_usage_in_bytes"), "0");
    assertTrue(CgroupUsage.usable(root));
  }
}
