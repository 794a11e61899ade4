package org.xwgrid.worker.exec.docker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xwgrid.worker.exec.ExecSpec;
import org.xwgrid.worker.exec.Limits;

class ContainerRecipeTest {
  private static final DockerSettings SETTINGS = DockerSettings.fromConfig(ConfigFactory.defaultReference());
  private static final Path TASK = Path.of("/w/tasks/job_1-3-0");

  private static ExecSpec spec(Path app, Limits limits) {
    return ExecSpec.inTaskFolder(List.of("/app/run", "--n", "3"), app, TASK, Duration.ofSeconds(9), limits);
  }

  private static Mount mountAt(HostConfig h, String target) {
    return h.getMounts().stream().filter(m -> m.getTarget().equals(target)).findFirst().orElse(null);
  }

  @Test
  void shouldLockTheContainerDownAndApplyTheTaskLimits() {
    HostConfig h =
        ContainerRecipe.of(spec(null, new Limits(256L << 20, 1500, 64)), "img:1", SETTINGS, "w1", null).hostConfig();
    assertEquals("none", h.getNetworkMode());
    assertTrue(h.getReadonlyRootfs());
    assertFalse(h.getPrivileged());
    assertArrayEquals(new Capability[] {Capability.ALL}, h.getCapDrop());
    assertEquals(List.of("no-new-privileges"), h.getSecurityOpts());
    assertEquals(256L << 20, h.getMemory());
    assertEquals(256L << 20, h.getMemorySwap(), "memory + swap = the limit: no swap");
    assertEquals(1_500_000_000L, h.getNanoCPUs());
    assertEquals(64L, h.getPidsLimit());
    assertNull(h.getUlimits(), "no ulimit, so none above the host's");
    assertEquals(0, h.getBinds().length, "mounts, which fail on a missing folder instead of creating it");
    assertNull(h.getCgroupParent());
  }

  @Test
  void shouldSetNoLimitWhenTheTaskHasNone() {
    HostConfig h = ContainerRecipe.of(spec(null, Limits.NONE), "img:1", SETTINGS, "w1", "/org.xwgrid-x").hostConfig();
    assertNull(h.getMemory());
    assertNull(h.getMemorySwap());
    assertNull(h.getNanoCPUs());
    assertNull(h.getPidsLimit());
    assertEquals("/org.xwgrid-x", h.getCgroupParent());
  }

  @Test
  void shouldMountTheTaskFoldersAndATmpfs() {
    HostConfig h = ContainerRecipe.of(spec(Path.of("/w/apps/a1"), Limits.NONE), "img:1", SETTINGS, "w1", null).hostConfig();
    assertEquals(4, h.getMounts().size());
    Mount in = mountAt(h, "/xw/input");
    assertEquals(MountType.BIND, in.getType());
    assertEquals("/w/tasks/job_1-3-0/input", in.getSource());
    assertTrue(in.getReadOnly());
    Mount out = mountAt(h, "/xw/output");
    assertEquals("/w/tasks/job_1-3-0/output", out.getSource());
    assertFalse(out.getReadOnly());
    Mount app = mountAt(h, "/xw/app");
    assertEquals("/w/apps/a1", app.getSource());
    assertTrue(app.getReadOnly());
    Mount tmp = mountAt(h, "/tmp");
    assertEquals(MountType.TMPFS, tmp.getType());
    assertEquals(64L << 20, tmp.getTmpfsOptions().getSizeBytes());
    assertEquals(01777, tmp.getTmpfsOptions().getMode());
  }

  @Test
  void shouldNotMountAnAppFolderWhenThereIsNone() {
    ContainerRecipe r = ContainerRecipe.of(spec(null, Limits.NONE), "img:1", SETTINGS, "w1", null);
    assertNull(mountAt(r.hostConfig(), "/xw/app"));
    assertFalse(r.env().stream().anyMatch(e -> e.startsWith("XW_APP_DIR=")));
  }

  @Test
  void shouldLabelRunAsTheUserAndPassTheCommandAsCmd() {
    ContainerRecipe r = ContainerRecipe.of(spec(Path.of("/w/apps/a1"), Limits.NONE), "img:1", SETTINGS, "worker-7", null);
    assertEquals("img:1", r.image());
    assertEquals(Map.of("org.xwgrid.owner", "worker-7", "org.xwgrid.replica", "job_1-3-0"), r.labels());
    assertEquals(List.of("/app/run", "--n", "3"), r.cmd());
    assertEquals("65534:65534", r.user());
    assertEquals("/xw/output", r.workingDir());
    assertEquals(
        List.of("XW_INPUT_DIR=/xw/input", "XW_OUTPUT_DIR=/xw/output", "HOME=/tmp", "XW_APP_DIR=/xw/app"), r.env());
  }
}
