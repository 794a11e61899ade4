package org.xwgrid.worker.exec;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a task process is wrapped and confined. Plain: a child process with a clean environment.
 * Bubblewrap: no network, the system folders read-only, a private {@code /tmp}, the app folder and
 * the input folder read-only, only the output folder writable; folders are bound at their real
 * paths, so {@code {app}} in an entrypoint stays valid and Java apps find the JDK under {@code
 * /usr/lib/jvm} with its {@code /etc} links.
 *
 * <p>A worker running as root runs sandboxed tasks as {@link SandboxSettings#taskUid()} for real
 * (also on the host): bubblewrap, as root and without a user namespace, builds the sandbox, then
 * {@code setpriv} drops to that user with no capabilities before the task starts. A worker that is
 * not root runs them as itself, in a user namespace (the bubblewrap default).
 *
 * <p>With {@link Cgroups} each task runs in a cgroup of its own with its {@link Limits}, kept for
 * the next task once it is over ({@link CgroupPool}), which the task's process is born in or joins
 * before it execs ({@link TaskCgroup#start}); without, {@code prlimit} sets what rlimits can
 * express: the address space for memory, and the number of processes of the task user for pids
 * (only when that user is the dedicated task user).
 */
public final class Sandbox {
  private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
  private static final String SANDBOX_PATH = "/usr/bin:/bin";
  private static final List<String> TOP_LEVEL = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");
  /** Paths the sandbox mounts itself: the folders of a task are never under them. */
  private static final List<String> SYSTEM =
      List.of("/usr", "/etc", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/proc", "/dev");

  private final String bwrap;
  private final List<String> baseArgs;
  private final String hostPath;
  private final List<String> dropPrivileges;
  private final SandboxSettings settings;
  private final Cgroups cgroups;
  private final CgroupPool cgroupPool;
  private final String prlimit;

  private Sandbox(
      String bwrap,
      List<String> baseArgs,
      String hostPath,
      List<String> dropPrivileges,
      SandboxSettings settings,
      Cgroups cgroups,
      String prlimit) {
    this.bwrap = bwrap;
    this.baseArgs = baseArgs;
    this.hostPath = hostPath;
    this.dropPrivileges = dropPrivileges;
    this.settings = settings;
    this.cgroups = cgroups;
    this.cgroupPool = cgroups == null ? null : CgroupPool.create(cgroups);
    this.prlimit = prlimit;
  }

  /** No isolation and no limits: a child process with a clean environment. */
  public static Sandbox plain() {
    String path = System.getenv("PATH");
    return new Sandbox(
        null,
        List.of(),
        path == null || path.isBlank() ? "/usr/local/bin:/usr/bin:/bin" : path,
        List.of(),
        SandboxSettings.DEFAULTS.withCgroups(CgroupMode.OFF),
        null,
        null);
  }

  /**
   * Bubblewrap at {@code bwrapBinary}, not probed, without cgroups; as root, tasks run as {@code
   * settings.taskUid()} when {@code setpriv} is found.
   */
  public static Sandbox bwrap(Path bwrapBinary, SandboxSettings settings) {
    List<String> drop = List.of();
    if (TaskUser.isRoot()) {
      Optional<Path> setpriv = findOnPath("setpriv");
      if (setpriv.isPresent()) {
        drop = TaskUser.setprivCommand(setpriv.get(), settings.taskUid());
      } else {
        log.warn("setpriv (util-linux) is not on the PATH: tasks run as root in a user namespace of bubblewrap");
      }
    }
    return new Sandbox(
        bwrapBinary.toString(), baseArguments(!drop.isEmpty()), SANDBOX_PATH, drop, settings, null, null);
  }

  /**
   * A sandbox of these parts, nothing probed or detected (tests): bubblewrap at {@code bwrap}
   * (null: plain), tasks dropped to {@code settings.taskUid()} by {@code setpriv} if {@code
   * setpriv} is not null, in {@code cgroups} (null: none), rlimits by {@code prlimit} (null: none).
   */
  static Sandbox of(Path bwrap, Path setpriv, SandboxSettings settings, Cgroups cgroups, Path prlimit) {
    List<String> drop = setpriv == null ? List.of() : TaskUser.setprivCommand(setpriv, settings.taskUid());
    return new Sandbox(
        bwrap == null ? null : bwrap.toString(),
        bwrap == null ? List.of() : baseArguments(setpriv != null),
        bwrap == null ? plain().hostPath : SANDBOX_PATH,
        drop,
        settings,
        cgroups,
        prlimit == null ? null : prlimit.toString());
  }

  /** {@link #resolve(SandboxMode, SandboxSettings, Path)} without cgroups. */
  public static Sandbox resolve(SandboxMode mode) throws SandboxUnavailableException {
    return resolve(mode, SandboxSettings.DEFAULTS.withCgroups(CgroupMode.OFF), null);
  }

  /**
   * The sandbox for a mode: {@code bwrap} must find a working bubblewrap (else the exception);
   * {@code auto} uses it if it works and otherwise warns once and runs plain; {@code none} runs
   * plain. Then cgroups as {@code settings.cgroups()} says, for the worker of {@code workDir}
   * (whose groups left by an earlier run are killed and removed): {@code required} without usable
   * cgroups is the exception; {@code auto} warns once and falls back to rlimits. Blocking (runs a
   * probe); call at start, and {@link #close()} at the end.
   */
  public static Sandbox resolve(SandboxMode mode, SandboxSettings settings, Path workDir)
      throws SandboxUnavailableException {
    Sandbox wrapper = wrapper(mode, settings);
    if (!TaskUser.isRoot() && wrapper.isolated()) {
      log.info(
          "The worker is not root (uid {}): tasks run as this same user inside the sandbox", TaskUser.uid());
    }
    Cgroups found = null;
    String problem;
    if (settings.cgroups() == CgroupMode.OFF) {
      problem = "cgroups are off (isolation.cgroups)";
    } else if (workDir == null) {
      problem = "no work dir to name this worker's cgroups after";
    } else {
      Cgroups.Detection d = Cgroups.detect(Cgroups.scope(workDir));
      found = d.cgroups();
      problem = d.problem();
    }
    if (found == null && settings.cgroups() == CgroupMode.REQUIRED) {
      throw new SandboxUnavailableException("cgroups are required but unusable here: " + problem);
    }
    String prlimit = found == null ? findOnPath("prlimit").map(Path::toString).orElse(null) : null;
    Sandbox s =
        new Sandbox(
            wrapper.bwrap, wrapper.baseArgs, wrapper.hostPath, wrapper.dropPrivileges, settings, found, prlimit);
    if (found != null) {
      int stale = found.removeStale();
      if (stale > 0) {
        log.info("Removed {} task cgroups left by an earlier run", stale);
      }
    } else if (settings.cgroups() == CgroupMode.AUTO) {
      log.warn("No cgroups for tasks: {}; {}", problem, s.fallbackDescription());
    }
    return s;
  }

  private static Sandbox wrapper(SandboxMode mode, SandboxSettings settings) throws SandboxUnavailableException {
    if (mode == SandboxMode.NONE) {
      return plain();
    }
    Optional<Path> found = findOnPath("bwrap");
    String problem;
    if (found.isEmpty()) {
      problem = "bubblewrap (bwrap) is not on the PATH (install it with: apt-get install bubblewrap)";
    } else {
      Sandbox candidate = bwrap(found.get(), settings);
      problem = candidate.probe();
      if (problem == null) {
        return candidate;
      }
    }
    if (mode == SandboxMode.BWRAP) {
      throw new SandboxUnavailableException(problem);
    }
    log.warn("Sandbox auto: {}; tasks run as plain processes without isolation", problem);
    return plain();
  }

  /** What applies without cgroups, for the one warning. */
  String fallbackDescription() {
    if (prlimit == null) {
      return "no limits apply (prlimit is missing), CPU time and peak memory are not measured";
    }
    return "memory limits apply to each process's address space (RLIMIT_AS), "
        + (nprocApplies()
            ? "pids limits to all processes of uid " + settings.taskUid() + " at once (RLIMIT_NPROC)"
            : "pids are not limited (tasks run as the worker's own user)")
        + ", CPU limits do not apply"
        + ", CPU time and peak memory are not measured";
  }

  /** True when tasks run inside bubblewrap. */
  public boolean isolated() {
    return bwrap != null;
  }

  /** True when tasks run in cgroups. */
  public boolean cgroups() {
    return cgroups != null;
  }

  /** One line for the logs. */
  public String describe() {
    String box =
        isolated()
            ? "bwrap (" + bwrap + ": no network, read-only system, writable output only, "
                + (dropPrivileges.isEmpty() ? "tasks as the worker's user" : "tasks as uid " + settings.taskUid())
                + ")"
            : "none (plain processes)";
    String limits = cgroups != null ? cgroups.describe() : prlimit != null ? "rlimits" : "no limits";
    return box + ", " + limits;
  }

  /** Removes this worker's idle task cgroups and its (empty) parent cgroup. */
  public void close() {
    if (cgroupPool != null) {
      cgroupPool.close();
    }
  }

  /** A cgroup for {@code spec}'s task with its limits, or empty when tasks run without. Blocking. */
  Optional<TaskCgroup> openCgroup(ExecSpec spec) throws IOException {
    return cgroups == null ? Optional.empty() : Optional.of(cgroupPool.acquire(spec.limits()));
  }

  /** Takes back the cgroup of a task that is over (its processes are killed). Blocking. */
  void closeCgroup(TaskCgroup g) throws IOException {
    cgroupPool.release(g);
  }

  /** Gives the output folder to the task user, when tasks run as one. Blocking. */
  void prepareFolders(ExecSpec spec) throws IOException {
    if (!dropPrivileges.isEmpty()) {
      TaskUser.chown(spec.outputDir(), settings.taskUid());
    }
  }

  /** {@link #command(ExecSpec, TaskCgroup)} without a cgroup. */
  public List<String> command(ExecSpec spec) {
    return command(spec, null);
  }

  /** The full command line that runs {@code spec.command()} in this sandbox and in {@code cgroup} (if any). */
  List<String> command(ExecSpec spec, TaskCgroup cgroup) {
    List<String> c = new ArrayList<>(baseArgs.size() + 64 + spec.command().size());
    if (isolated()) {
      c.add(bwrap);
      c.addAll(baseArgs);
      addParents(c, spec);
      if (spec.appDir() != null) {
        bind(c, "--ro-bind", spec.appDir());
      }
      bind(c, "--ro-bind", spec.inputDir());
      bind(c, "--bind", spec.outputDir());
      c.add("--chdir");
      c.add(spec.taskDir().toString());
      c.add("--clearenv");
      for (Map.Entry<String, String> e : taskEnvironment(spec, SANDBOX_PATH).entrySet()) {
        c.add("--setenv");
        c.add(e.getKey());
        c.add(e.getValue());
      }
      c.add("--");
    }
    if (cgroup == null && prlimit != null) {
      List<String> r = rlimits(spec.limits());
      if (!r.isEmpty()) {
        c.add(prlimit);
        c.addAll(r);
        c.add("--");
      }
    }
    c.addAll(dropPrivileges);
    c.addAll(spec.command());
    return c;
  }

  /** The {@code prlimit} options for {@code limits} without cgroups (hard and soft). */
  List<String> rlimits(Limits limits) {
    List<String> r = new ArrayList<>();
    if (limits.memoryBytes() > 0) {
      r.add("--as=" + limits.memoryBytes() + ":" + limits.memoryBytes());
    }
    if (limits.pids() > 0 && nprocApplies()) {
      r.add("--nproc=" + limits.pids() + ":" + limits.pids());
    }
    return r;
  }

  /** RLIMIT_NPROC counts every process of a user: meaningful only for the dedicated task user. */
  private boolean nprocApplies() {
    return !dropPrivileges.isEmpty();
  }

  /** The whole environment of the process started (the ProcessBuilder's is cleared first). */
  public Map<String, String> environment(ExecSpec spec) {
    if (isolated()) {
      return Map.of("PATH", SANDBOX_PATH);
    }
    return taskEnvironment(spec, hostPath);
  }

  private static Map<String, String> taskEnvironment(ExecSpec spec, String path) {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", path);
    env.put("HOME", spec.taskDir().toString());
    env.put("XW_INPUT_DIR", spec.inputDir().toString());
    env.put("XW_OUTPUT_DIR", spec.outputDir().toString());
    String lang = System.getenv("LANG");
    env.put("LANG", lang == null || lang.isBlank() ? "C.UTF-8" : lang);
    return env;
  }

  /**
   * The folders above the bound ones, made 0755 inside the sandbox (bubblewrap would copy the
   * host's modes, and a 0700 work dir would lock the task user out of its own folders); on the
   * sandbox's own tmpfs, so nothing of the host changes.
   */
  static void addParents(List<String> c, ExecSpec spec) {
    List<Path> bound = new ArrayList<>(List.of(spec.inputDir(), spec.outputDir()));
    if (spec.appDir() != null) {
      bound.add(spec.appDir());
    }
    TreeSet<Path> parents = new TreeSet<>(); // a folder sorts before what it holds
    List<Path> starts = new ArrayList<>();
    bound.forEach(b -> starts.add(b.getParent()));
    starts.add(spec.taskDir());
    for (Path start : starts) {
      for (Path p = start; p != null && p.getParent() != null; p = p.getParent()) {
        if (!underSystem(p) && !p.equals(Path.of("/tmp"))) {
          parents.add(p);
        }
      }
    }
    parents.removeAll(bound);
    for (Path p : parents) {
      c.add("--perms");
      c.add("0755");
      c.add("--dir");
      c.add(p.toString());
    }
  }

  private static boolean underSystem(Path p) {
    for (String s : SYSTEM) {
      if (p.startsWith(s)) {
        return true;
      }
    }
    return false;
  }

  private static void bind(List<String> c, String how, Path p) {
    c.add(how);
    c.add(p.toString());
    c.add(p.toString());
  }

  /**
   * The arguments common to every task. {@code asRoot}: bubblewrap runs as root and the task drops
   * to its user after it, so there is no user namespace (the task user must exist on the host) but
   * every other namespace is new; otherwise {@code --unshare-all}.
   */
  private static List<String> baseArguments(boolean asRoot) {
    List<String> a = new ArrayList<>();
    if (asRoot) {
      a.addAll(List.of("--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"));
    } else {
      a.add("--unshare-all");
    }
    a.add("--die-with-parent");
    a.add("--new-session");
    a.add("--ro-bind");
    a.add("/usr");
    a.add("/usr");
    if (Files.isDirectory(Path.of("/etc"))) {
      a.add("--ro-bind");
      a.add("/etc");
      a.add("/etc");
    }
    for (String d : TOP_LEVEL) {
      Path p = Path.of("/", d);
      if (Files.isSymbolicLink(p)) {
        try {
          a.add("--symlink");
          a.add(Files.readSymbolicLink(p).toString());
          a.add(p.toString());
        } catch (IOException e) {
          log.warn("Cannot read the link [{}]: {}", p, e.toString());
        }
      } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        a.add("--ro-bind");
        a.add(p.toString());
        a.add(p.toString());
      }
    }
    a.add("--proc");
    a.add("/proc");
    a.add("--dev");
    a.add("/dev");
    a.add("--perms");
    a.add("1777");
    a.add("--tmpfs");
    a.add("/tmp");
    return List.copyOf(a);
  }

  /** Runs {@code /bin/true} in the sandbox (as the task user); null if it worked, else what went wrong. */
  private String probe() {
    List<String> c = new ArrayList<>();
    c.add(bwrap);
    c.addAll(baseArgs);
    c.add("--");
    c.addAll(dropPrivileges);
    c.add("/bin/true");
    try {
      ProcessBuilder pb = new ProcessBuilder(c).redirectErrorStream(true);
      pb.environment().clear();
      pb.environment().put("PATH", SANDBOX_PATH);
      Process p = pb.start();
      p.getOutputStream().close();
      String out;
      try (InputStream in = p.getInputStream()) {
        out = new String(in.readNBytes(2000), StandardCharsets.UTF_8).strip();
      }
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return "bubblewrap did not finish a test run in 10 s";
      }
      return p.exitValue() == 0
          ? null
          : "bubblewrap does not work here (exit " + p.exitValue() + ": " + out + ")";
    } catch (IOException e) {
      return "cannot run bubblewrap: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while testing bubblewrap";
    }
  }

  static Optional<Path> findOnPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p.toAbsolutePath());
      }
    }
    return Optional.empty();
  }
}
