package org.xwgrid.worker.exec;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task groups on the cgroup v2 unified hierarchy: {@code memory.max} with {@code memory.swap.max}
 * 0 (the limit covers swap too), {@code cpu.max}, {@code pids.max}; usage from {@code cpu.stat}
 * {@code usage_usec}, {@code memory.peak} (kernels from 5.19), {@code memory.events} {@code
 * oom_kill} and {@code pids.events}; {@code cgroup.freeze} and {@code cgroup.kill} when the kernel
 * has them.
 */
final class CgroupV2 implements Cgroups {
  private static final Logger log = LoggerFactory.getLogger(CgroupV2.class);
  static final List<String> REQUIRED = List.of("memory", "cpu", "pids");
  static final long CPU_PERIOD_US = 100_000;

  private final Path scope;

  private CgroupV2(Path scope) {
    this.scope = scope;
  }

  /**
   * {@code xwgrid/<scope>} under the v2 hierarchy mounted at {@code mount}, with the memory, cpu
   * and pids controllers handed down to it.
   *
   * @throws IOException saying what is missing or cannot be written
   */
  static CgroupV2 open(Path mount, String scope) throws IOException {
    Set<String> available = words(mount.resolve("cgroup.controllers"));
    List<String> missing = REQUIRED.stream().filter(c -> !available.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new IOException(
          "cgroup v2 at " + mount + " lacks the " + String.join(", ", missing) + " controller" + (missing.size() > 1 ? "s" : ""));
    }
    Path parent = mount.resolve(Cgroups.PARENT);
    Path dir = parent.resolve(scope);
    delegate(mount);
    mkdir(parent);
    delegate(parent);
    mkdir(dir);
    delegate(dir);
    return new CgroupV2(dir);
  }

  private static void mkdir(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IOException("cannot create the cgroup " + dir + ": " + e, e);
    }
  }

  /** Enables the required controllers for the children of {@code dir}. */
  private static void delegate(Path dir) throws IOException {
    Path control = dir.resolve("cgroup.subtree_control");
    Set<String> enabled = words(control);
    if (enabled.containsAll(REQUIRED)) {
      return;
    }
    try {
      CgroupFiles.write(control, "+memory +cpu +pids");
    } catch (IOException e) {
      throw new IOException("cannot enable memory, cpu and pids in " + control + ": " + e, e);
    }
  }

  private static Set<String> words(Path file) {
    return new TreeSet<>(Arrays.asList(CgroupFiles.word(file).split("\\s+")));
  }

  @Override
  public String describe() {
    return "cgroup v2 under " + scope.getParent();
  }

  @Override
  public TaskCgroup create(String name, Limits limits) throws IOException {
    Group g = new Group(scope.resolve(name), limits);
    if (Files.exists(g.dir)) {
      g.remove();
    }
    Files.createDirectory(g.dir);
    try {
      g.writeLimits();
    } catch (IOException e) {
      try {
        GroupProcesses.rmdirs(g.dirs());
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
    return g;
  }

  @Override
  public int removeStale() {
    int n = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(scope, Files::isDirectory)) {
      for (Path p : ds) {
        n++;
        try {
          new Group(p, Limits.NONE).remove();
        } catch (IOException e) {
          log.warn("Cannot remove the stale cgroup [{}]: {}", p, e.getMessage());
        }
      }
    } catch (IOException e) {
      log.warn("Cannot list the cgroups in [{}]: {}", scope, e.toString());
    }
    return n;
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(scope);
    } catch (IOException e) {
      log.debug("Scope cgroup [{}] kept: {}", scope, e.toString());
    }
  }

  /** One task's group. */
  static final class Group implements TaskCgroup {
    private final Path dir;
    private final Limits limits;

    Group(Path dir, Limits limits) {
      this.dir = dir;
      this.limits = limits;
    }

    void writeLimits() throws IOException {
      if (limits.memoryBytes() > 0) {
        CgroupFiles.write(dir.resolve("memory.max"), Long.toString(limits.memoryBytes()));
        Path swap = dir.resolve("memory.swap.max");
        if (Files.exists(swap)) {
          CgroupFiles.write(swap, "0");
        }
      }
      if (limits.cpuMillis() > 0) {
        CgroupFiles.write(dir.resolve("cpu.max"), cpuMax(limits.cpuMillis()));
      }
      if (limits.pids() > 0) {
        CgroupFiles.write(dir.resolve("pids.max"), Long.toString(limits.pids()));
      }
    }

    /** {@code cpu.max} for thousandths of a core: "quota period" in microseconds. */
    static String cpuMax(long cpuMillis) {
      return Math.max(1000, cpuMillis * CPU_PERIOD_US / 1000) + " " + CPU_PERIOD_US;
    }

    @Override
    public Limits limits() {
      return limits;
    }

    @Override
    public List<Path> dirs() {
      return List.of(dir);
    }

    @Override
    public List<Path> procsFiles() {
      return List.of(dir.resolve("cgroup.procs"));
    }

    @Override
    public long cpuNanos() {
      long us = CgroupFiles.keyed(dir.resolve("cpu.stat"), "usage_usec");
      return us < 0 ? -1 : us * 1000;
    }

    @Override
    public CgroupUsage usage() {
      long ns = cpuNanos();
      return new CgroupUsage(
          ns < 0 ? -1 : ns / 1_000_000,
          CgroupFiles.number(dir.resolve("memory.peak")),
          Math.max(0, CgroupFiles.keyed(dir.resolve("memory.events"), "oom_kill")),
          Math.max(0, CgroupFiles.keyed(dir.resolve("pids.events"), "max")));
    }

    @Override
    public boolean freezable() {
      return Files.exists(dir.resolve("cgroup.freeze"));
    }

    @Override
    public void freeze() throws IOException {
      CgroupFiles.write(dir.resolve("cgroup.freeze"), "1");
    }

    @Override
    public void thaw() throws IOException {
      CgroupFiles.write(dir.resolve("cgroup.freeze"), "0");
    }

    @Override
    public void killAll() throws IOException {
      Path kill = dir.resolve("cgroup.kill");
      if (Files.exists(kill)) {
        CgroupFiles.write(kill, "1");
      }
      GroupProcesses.killAll(this);
    }

    @Override
    public String toString() {
      return dir.toString();
    }
  }
}
