package org.xwgrid.worker.exec;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
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
  /** Memory a reused group may keep charged from its last task (so in the next task's peak). */
  static final long LEFT_CHARGED_MAX = 4L << 20;

  /** Controller to this worker's scope directory in its hierarchy. */
  private final Map<String, Path> scopes;

  /** Controller to the group of this process in its hierarchy (where threads a {@link Spawner} made go); null: none known. */
  private final Map<String, Path> homes;

  private CgroupV1(Map<String, Path> scopes, Map<String, Path> homes) {
    this.scopes = scopes;
    this.homes = homes;
  }

  /** {@link #open(List, String, List)} for this process ({@code /proc/self/cgroup}). */
  static CgroupV1 open(List<CgroupMount> mounts, String scope) throws IOException {
    List<String> self;
    try {
      self = Files.readAllLines(Path.of("/proc/self/cgroup"));
    } catch (IOException e) {
      self = List.of();
    }
    return open(mounts, scope, self);
  }

  /**
   * The v1 hierarchies among {@code mounts}, with {@code xwgrid/<scope>} created in each; {@code
   * self} are the lines of {@code /proc/self/cgroup} ("4:memory:/path"), which say where this
   * process's threads belong (without them, no {@link Spawner}: tasks join their group through a
   * shell).
   *
   * @throws IOException saying what is missing or cannot be written
   */
  static CgroupV1 open(List<CgroupMount> mounts, String scope, List<String> self) throws IOException {
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
    return new CgroupV1(scopes, homes(roots, scopes.keySet(), self));
  }

  /** Where each of {@code controllers} puts this process ({@code self}), if every one has a writable {@code tasks}. */
  private static Map<String, Path> homes(Map<String, Path> roots, Set<String> controllers, List<String> self) {
    Map<String, Path> homes = new LinkedHashMap<>();
    for (String line : self) {
      String[] f = line.split(":", 3);
      if (f.length == 3 && f[2].startsWith("/")) {
        for (String c : f[1].split(",")) {
          if (controllers.contains(c)) {
            homes.put(c, roots.get(c).resolve(f[2].substring(1)));
          }
        }
      }
    }
    for (String c : controllers) {
      Path home = homes.get(c);
      if (home == null || !Files.isWritable(home.resolve("tasks"))) {
        log.info("Tasks join their cgroup through a shell: this process's {} group is {}", c, home == null ? "unknown" : home + ", without a writable tasks file");
        return null;
      }
    }
    return homes;
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
      g.remove(); // a stale group of that name: removed with its files, and made anew
      g = group(name, limits);
    }
    List<Path> made = new ArrayList<>();
    try {
      for (Path d : g.dirs()) {
        Files.createDirectory(d);
        made.add(d);
      }
      if (homes != null) {
        g = g.withSpawner(Spawner.start(name, g.dirs, homes)); // before the limits: pids.max counts its thread
      }
      g.writeLimits();
    } catch (IOException e) {
      try {
        g.stopSpawner(); // its thread would keep the directories busy
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
    return new Group(dirs, limits, null, Group.Counts.ZERO, new OpenCgroupFiles());
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

  /**
   * One task's directories, by controller. Reused from task to task: the CPU time, OOM kills and
   * pids-limit hits the kernel counted before this task ({@code base}) are subtracted, the peak
   * memory is reset; the files read for every task are kept open ({@link OpenCgroupFiles}).
   */
  static final class Group implements TaskCgroup {
    private final Map<String, Path> dirs;
    private final Limits limits;
    private final Spawner spawner;
    private final Counts base;
    private final OpenCgroupFiles files;
    /**
     * The raw counts and the peak {@link #usage()} read at the end of this group's task, taken as
     * the next task's base when nothing ran in the group since (null: read again).
     */
    private volatile Counts end;
    private volatile long endPeak = -1;

    Group(Map<String, Path> dirs, Limits limits, Spawner spawner, Counts base, OpenCgroupFiles files) {
      this.dirs = dirs;
      this.limits = limits;
      this.spawner = spawner;
      this.base = base;
      this.files = files;
    }

    /** What the kernel counted in the group before this task: CPU time, OOM kills, pids-limit hits. */
    record Counts(long cpuNanos, long oomKills, long pidsHits) {
      static final Counts ZERO = new Counts(0, 0, 0);
    }

    Group withSpawner(Spawner s) {
      return new Group(dirs, limits, s, base, files);
    }

    void stopSpawner() throws IOException {
      if (spawner != null) {
        spawner.stop();
      }
    }

    /** Writes the limits that are set (a new group has none). */
    void writeLimits() throws IOException {
      writeLimits(false);
    }

    /** Writes the limits; {@code all}: the unset ones too, as no limit. */
    private void writeLimits(boolean all) throws IOException {
      Path memory = dirs.get("memory");
      if (limits.memoryBytes() > 0 || all) {
        String bytes = limits.memoryBytes() > 0 ? Long.toString(limits.memoryBytes()) : "-1";
        // memory+swap may never be below memory: lift it, set memory, then lower it
        Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
        boolean swap = Files.exists(memsw);
        if (swap && all) {
          CgroupFiles.write(memsw, "-1");
        }
        CgroupFiles.write(memory.resolve("memory.limit_in_bytes"), bytes);
        if (swap) {
          CgroupFiles.write(memsw, bytes);
        }
      }
      if (limits.cpuMillis() > 0 || all) {
        Path cpu = dirs.get("cpu");
        CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(CFS_PERIOD_US));
        CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), limits.cpuMillis() > 0 ? Long.toString(quotaUs(limits.cpuMillis())) : "-1");
      }
      if (limits.pids() > 0 || all) {
        writePidsMax(limits.pids());
      }
    }

    /** {@code pids.max} for {@code pids} processes of the task (the spawner's thread counts too). */
    private void writePidsMax(long pids) throws IOException {
      long max = pids + (spawner == null ? 0 : 1);
      CgroupFiles.write(dirs.get("pids").resolve("pids.max"), pids > 0 ? Long.toString(max) : "max");
    }

    @Override
    public boolean reusable() {
      return true;
    }

    @Override
    public TaskCgroup reuse(Limits next) throws IOException {
      Path memory = dirs.get("memory");
      // What the last task left charged here (page cache of the files it wrote) would count as this
      // task's memory. Reclaiming it waits on every CPU (milliseconds here), so a little is left;
      // what is charged now is at most the last task's peak.
      long peak = endPeak;
      if ((peak < 0 || peak > LEFT_CHARGED_MAX) && number(memory.resolve("memory.usage_in_bytes")) > LEFT_CHARGED_MAX) {
        CgroupFiles.write(memory.resolve("memory.force_empty"), "0");
      }
      Counts counted = end;
      if (counted == null) {
        counted = new Counts(Math.max(0, rawCpuNanos()), oomKills(), pidsHits());
      }
      Group g = new Group(dirs, next, spawner, counted, files);
      if (!next.equals(limits)) {
        g.writeLimits(true); // the same limits as the last task's (the usual case) are written already
      }
      CgroupFiles.write(memory.resolve("memory.max_usage_in_bytes"), "0");
      return g;
    }

    /**
     * Spawns from inside the group: a process is born in the groups of the thread that forks it, so
     * the group's {@link Spawner} thread, which lives in it, starts the process. Without one
     * (this process's own groups are unknown), {@link TaskCgroup#start} (a shell).
     */
    @Override
    public Process start(ProcessBuilder pb) throws IOException {
      return spawner == null ? TaskCgroup.super.start(pb) : spawner.start(pb);
    }

    /** Told from the first hierarchy's {@code cgroup.procs}, kept open. */
    @Override
    public void killRest() throws IOException {
      if (TaskCgroup.holdsOthers(CgroupFiles.parsePids(files.read(procsFiles().get(0))))) {
        end = null; // what it left ran after the task's counts were read
        killAll();
      }
    }

    @Override
    public void remove() throws IOException {
      files.close();
      killAll();
      stopSpawner();
      GroupProcesses.rmdirs(dirs());
    }

    private long oomKills() {
      return Math.max(0, keyed(dirs.get("memory").resolve("memory.oom_control"), "oom_kill"));
    }

    private long pidsHits() {
      return Math.max(0, keyed(dirs.get("pids").resolve("pids.events"), "max"));
    }

    /** {@link CgroupFiles#number} through the kept-open file. */
    private long number(Path file) {
      try {
        return CgroupFiles.parseNumber(files.read(file));
      } catch (IOException e) {
        return -1;
      }
    }

    /** {@link CgroupFiles#keyed} through the kept-open file. */
    private long keyed(Path file, String key) {
      try {
        return CgroupFiles.parseKeyed(files.read(file), key);
      } catch (IOException e) {
        return -1;
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
      long ns = rawCpuNanos();
      return ns < 0 ? -1 : Math.max(0, ns - base.cpuNanos());
    }

    private long rawCpuNanos() {
      return number(dirs.get("cpuacct").resolve("cpuacct.usage"));
    }

    @Override
    public CgroupUsage usage() {
      long raw = rawCpuNanos();
      long peak = number(dirs.get("memory").resolve("memory.max_usage_in_bytes"));
      long oom = oomKills();
      long pids = pidsHits();
      end = raw < 0 ? null : new Counts(raw, oom, pids);
      endPeak = peak;
      return new CgroupUsage(
          raw < 0 ? -1 : Math.max(0, raw - base.cpuNanos()) / 1_000_000,
          peak,
          Math.max(0, oom - base.oomKills()),
          Math.max(0, pids - base.pidsHits()));
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
