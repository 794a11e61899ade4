package org.xwgrid.worker.exec;

import com.typesafe.config.Config;
import java.util.List;

/**
 * What {@code xwgrid.worker.sandbox-limits} says (see {@code reference.conf}): whether tasks get a
 * cgroup ({@code cgroups}), the user a root worker runs them as ({@code task-uid}, also their
 * group), and the limits of a task whose assignment sets none of that kind ({@code defaults}).
 */
public record SandboxSettings(CgroupMode cgroups, int taskUid, Limits defaults) {
  public static final String PATH = "xwgrid.worker.sandbox-limits";

  /** The keys read, relative to {@link #PATH} (for a dead-config test). */
  public static final List<String> KEYS = List.of("cgroups", "task-uid", "memory", "cpu", "pids");

  /** The reference.conf defaults. */
  public static final SandboxSettings DEFAULTS = new SandboxSettings(CgroupMode.AUTO, 65534, new Limits(0, 0, 1024));

  public SandboxSettings {
    if (cgroups == null) {
      cgroups = CgroupMode.AUTO;
    }
    if (taskUid <= 0) {
      throw new IllegalArgumentException("sandbox-limits.task-uid must be a user other than root, not " + taskUid);
    }
    defaults = defaults == null ? Limits.NONE : defaults;
  }

  /** Reads {@link #PATH} of {@code config} (which should include the reference.conf). */
  public static SandboxSettings fromConfig(Config config) {
    Config c = config.getConfig(PATH);
    return new SandboxSettings(
        CgroupMode.parse(c.getString("cgroups")),
        c.getInt("task-uid"),
        new Limits(c.getBytes("memory"), c.getLong("cpu"), c.getLong("pids")));
  }

  /** The same with {@code cgroups} replaced. */
  public SandboxSettings withCgroups(CgroupMode mode) {
    return new SandboxSettings(mode, taskUid, defaults);
  }

  /** The limits for a task: each kind {@code requested} leaves at zero takes the default. */
  public Limits limitsFor(Limits requested) {
    return new Limits(
        requested.memoryBytes() > 0 ? requested.memoryBytes() : defaults.memoryBytes(),
        requested.cpuMillis() > 0 ? requested.cpuMillis() : defaults.cpuMillis(),
        requested.pids() > 0 ? requested.pids() : defaults.pids());
  }
}
