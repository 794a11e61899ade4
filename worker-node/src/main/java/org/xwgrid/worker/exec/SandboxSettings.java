package org.xwgrid.worker.exec;

import com.typesafe.config.Config;
import java.util.List;

/**
 * What {@code xwgrid.worker.isolation} says (see {@code reference.conf}): whether tasks get a
 * cgroup ({@code cgroups}) and the user a root worker runs them as ({@code task-uid}, also their
 * group). A task's limits come with it ({@link ExecSpec#limits()}, the worker's {@code
 * task.limits} filling what its job leaves unset).
 */
public record SandboxSettings(CgroupMode cgroups, int taskUid) {
  public static final String PATH = "xwgrid.worker.isolation";

  /** The keys read, relative to {@link #PATH} (for a dead-config test). */
  public static final List<String> KEYS = List.of("cgroups", "task-uid");

  /** The reference.conf defaults. */
  public static final SandboxSettings DEFAULTS = new SandboxSettings(CgroupMode.AUTO, 65534);

  public SandboxSettings {
    if (cgroups == null) {
      cgroups = CgroupMode.AUTO;
    }
    if (taskUid <= 0) {
      throw new IllegalArgumentException("isolation.task-uid must be a user other than root, not " + taskUid);
    }
  }

  /** Reads {@link #PATH} of {@code config} (which should include the reference.conf). */
  public static SandboxSettings fromConfig(Config config) {
    Config c = config.getConfig(PATH);
    return new SandboxSettings(
        CgroupMode.parse(c.getString("cgroups")),
        c.getInt("task-uid"));
  }

  /** The same with {@code cgroups} replaced. */
  public SandboxSettings withCgroups(CgroupMode mode) {
    return new SandboxSettings(mode, taskUid);
  }
}
