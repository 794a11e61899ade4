package org.xwgrid.worker.exec;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task groups on cgroup v1, one directory per hierarchy ({@code memory}, {@code cpu}, {@code
 * cpuacct}, {@code pids}, {@code freezer}; co-mounted ones share it): {@code
 * memory.limit_in_bytes} and {@code memory.memsw.limit_in_bytes}, {@code cpu.cfs_quota_us} over
 * {@code cpu.cfs_period_us}, {@code pids.max}; usage from {@code cpuacct.usage}, {@code
 * memory.max_usage_in_bytes}, {@code memory.oom_control} and {@code pids.events}.
 */
final class CgroupV1 implements Cgroups {
  private static final Logger log = LoggerFactory.getLogger(CgroupV1.class);
  static final List<String> REQUIRED = List.of("memory", "cpu", "cpuacct", "pids");
  static final long CFS_PERIOD_US = 100_000;

  /** Controller to this worker's scope directory in its hierarchy. */
  private final Map<String, Path> scopes;

  private CgroupV1(Map<String, Path> scopes) {
    this.scopes = scopes;
  }

  /**
   * The v1 hierarchies among {@code mounts}, with {@code xwgrid/<scope>} created in each.
   *
   * @throws IOException saying what is missing or cannot be written
   */
  static CgroupV1 open(List<CgroupMount> mounts, String scope) throws IOException {
    Map<String, Path> roots = new LinkedHashMap<>();
    for (CgroupMount m : mounts) {
      if (!m.v2()) {
        for (String c : m.controllers()) {
          roots.putIfAbsent(c, m.dir());
        }
      }
    }
    List<String> missing = REQUIRED.stream().filter(c -> !roots.containsKey(c)).toList();
    if (!missing.isEmpty()) {
      throw new IOException("cgroup v1 lacks the " + String.join(", ", missing) + " controller" + (missing.size() > 1 ? "s" : ""));
    }
    Map<String, Path> scopes = new LinkedHashMap<>();
    for (String c : List.of("memory", "cpu", "cpuacct", "pids", "freezer")) {
      Path root = roots.get(c);
      if (root != null) {
        Path dir = root.resolve(Cgroups.PARENT).resolve(scope);
        try {
          Files.createDirectories(dir);
        } catch (IOException e) {
          throw new IOException("cannot create the cgroup " + dir + ": " + reason(e), e);
        }
        Path procs = dir.resolve("cgroup.procs");
        if (Files.exists(procs) && !Files.isWritable(procs)) {
          throw new IOException("cannot write " + procs);
        }
        scopes.put(c, dir);
      }
    }
    return new CgroupV1(scopes);
  }

  private static String reason(IOException e) {
    return e.getClass().getSimpleName().replace("Exception", "") + (e.getMessage() == null ? "" : " " + e.getMessage());
  }

  @Override
  public String describe() {
    return "cgroup v1 (" + String.join(", ", scopes.keySet()) + ") under " + scopes.get("memory").getParent();
  }

  /** The distinct scope directories (co-mounted controllers share one). */
  private Set<Path> scopeDirs() {
    return new LinkedHashSet<>(scopes.values());
  }

  @Override
  public TaskCgroup create(String name, Limits limits) throws IOException {
    Group g = group(name, limits);
    if (g.dirs().stream().anyMatch(Files::exists)) {
      g.remove();
    }
    List<Path> made = new ArrayList<>();
    try {
      for (Path d : g.dirs()) {
        Files.createDirectory(d);
        made.add(d);
      }
      g.writeLimits();
    } catch (IOException e) {
      try {
        GroupProcesses.rmdirs(made);
      } catch (IOException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
    return g;
  }

  private Group group(String name, Limits limits) {
    Map<String, Path> dirs = new LinkedHashMap<>();
    scopes.forEach((c, s) -> dirs.put(c, s.resolve(name)));
    return new Group(dirs, limits);
  }

  @Override
  public int removeStale() {
    Set<String> names = new TreeSet<>();
    for (Path s : scopeDirs()) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(s, Files::isDirectory)) {
        ds.forEach(p -> names.add(p.getFileName().toString()));
      } catch (IOException e) {
        log.warn("Cannot list the cgroups in [{}]: {}", s, e.toString());
      }
    }
    for (String n : names) {
      try {
        group(n, Limits.NONE).remove();
      } catch (IOException e) {
        log.warn("Cannot remove the stale cgroup [{}]: {}", n, e.getMessage());
      }
    }
    return names.size();
  }

  @Override
  public void close() {
    for (Path s : scopeDirs()) {
      try {
        Files.deleteIfExists(s);
      } catch (IOException e) {
        log.debug("Scope cgroup [{}] kept: {}", s, e.toString());
      }
    }
  }

  /** One task's directories, by controller. */
  static final class Group implements TaskCgroup {
    private final Map<String, Path> dirs;
    private final Limits limits;

    Group(Map<String, Path> dirs, Limits limits) {
      this.dirs = dirs;
      this.limits = limits;
    }

    void writeLimits() throws IOException {
      Path memory = dirs.get("memory");
      if (limits.memoryBytes() > 0) {
        String bytes = Long.toString(limits.memoryBytes());
        CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), bytes);
        Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
        if (Files.exists(memsw)) {
          CgroupFiles.write(memsw, bytes);
        }
      }
      if (limits.cpuMillis() > 0) {
        Path cpu = dirs.get("cpu");
        CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(CFS_PERIOD_US));
        CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quotaUs(limits.cpuMillis())));
      }
      if (limits.pids() > 0) {
        CgroupFiles.write(dirs.get("pids").resolve("pids.max"), Long.toString(limits.pids()));
      }
    }

    /** The CFS quota per {@link #CFS_PERIOD_US} for thousandths of a core (at least the kernel's 1 ms). */
    static long quotaUs(long cpuMillis) {
      return Math.max(1000, cpuMillis * CFS_PERIOD_US / 1000);
    }

    @Override
    public Limits limits() {
      return limits;
    }

    @Override
    public List<Path> dirs() {
      return List.copyOf(new LinkedHashSet<>(dirs.values()));
    }

    @Override
    public List<Path> procsFiles() {
      return dirs().stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    @Override
    public long cpuNanos() {
      return CgroupFiles.number(dirs.get("cpuacct").resolve("cpuacct.usage"));
    }

    @Override
    public CgroupUsage usage() {
      long ns = cpuNanos();
      Path memory = dirs.get("memory");
      long oom = CgroupFiles.keyed(memory.resolve("memory.oom_control"), "oom_kill");
      long hits = CgroupFiles.keyed(dirs.get("pids").resolve("pids.events"), "max");
      return new CgroupUsage(
          ns < 0 ? -1 : ns / 1_000_000,
          CgroupFiles.number(memory.resolve("memory.max_usage_in_bytes")),
          Math.max(0, oom),
          Math.max(0, hits));
    }

    @Override
    public boolean freezable() {
      return dirs.containsKey("freezer");
    }

    @Override
    public void freeze() throws IOException {
      CgroupFiles.write(dirs.get("freezer").resolve("freezer.state"), "FROZEN");
    }

    @Override
    public void thaw() throws IOException {
      CgroupFiles.write(dirs.get("freezer").resolve("freezer.state"), "THAWED");
    }

    @Override
    public void killAll() throws IOException {
      GroupProcesses.killAll(this);
    }

    @Override
    public String toString() {
      return dirs().toString();
    }
  }
}
