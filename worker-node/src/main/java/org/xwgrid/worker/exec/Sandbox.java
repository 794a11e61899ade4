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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a task process is wrapped: plain (a child process with a clean environment), or inside
 * bubblewrap with every namespace unshared (so no network), the system folders read-only, a
 * private {@code /tmp}, the app folder and the input folder read-only, and only the output folder
 * writable. Folders are bound at their real paths, so {@code {app}} in an entrypoint stays valid
 * and Java apps find the JDK under {@code /usr/lib/jvm} with its {@code /etc} links.
 */
public final class Sandbox {
  private static final Logger log = LoggerFactory.getLogger(Sandbox.class);
  private static final String SANDBOX_PATH = "/usr/bin:/bin";
  private static final List<String> TOP_LEVEL = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");

  private final String bwrap;
  private final List<String> baseArgs;
  private final String hostPath;

  private Sandbox(String bwrap, List<String> baseArgs, String hostPath) {
    this.bwrap = bwrap;
    this.baseArgs = baseArgs;
    this.hostPath = hostPath;
  }

  /** No isolation: a child process with a clean environment. */
  public static Sandbox plain() {
    String path = System.getenv("PATH");
    return new Sandbox(null, List.of(), path == null || path.isBlank() ? "/usr/local/bin:/usr/bin:/bin" : path);
  }

  /** Bubblewrap at {@code bwrapBinary}, not probed. */
  public static Sandbox bwrap(Path bwrapBinary) {
    return new Sandbox(bwrapBinary.toString(), baseArguments(), SANDBOX_PATH);
  }

  /**
   * The sandbox for a mode: {@code bwrap} must find a working bubblewrap (else the exception);
   * {@code auto} uses it if it works and otherwise warns once and runs plain; {@code none} runs
   * plain. Blocking (runs a probe); call at start.
   */
  public static Sandbox resolve(SandboxMode mode) throws SandboxUnavailableException {
    if (mode == SandboxMode.NONE) {
      return plain();
    }
    Optional<Path> found = findOnPath("bwrap");
    String problem;
    if (found.isEmpty()) {
      problem = "bubblewrap (bwrap) is not on the PATH (install it with: apt-get install bubblewrap)";
    } else {
      Sandbox candidate = bwrap(found.get());
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

  /** True when tasks run inside bubblewrap. */
  public boolean isolated() {
    return bwrap != null;
  }

  /** One line for the logs. */
  public String describe() {
    return isolated()
        ? "bwrap (" + bwrap + ": no network, read-only system, writable output only)"
        : "none (plain processes)";
  }

  /** The full command line that runs {@code spec.command()} in this sandbox. */
  public List<String> command(ExecSpec spec) {
    if (!isolated()) {
      return spec.command();
    }
    List<String> c = new ArrayList<>(baseArgs.size() + 32 + spec.command().size());
    c.add(bwrap);
    c.addAll(baseArgs);
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
    c.addAll(spec.command());
    return c;
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

  private static void bind(List<String> c, String how, Path p) {
    c.add(how);
    c.add(p.toString());
    c.add(p.toString());
  }

  private static List<String> baseArguments() {
    List<String> a = new ArrayList<>();
    a.add("--unshare-all");
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
    a.add("--tmpfs");
    a.add("/tmp");
    return List.copyOf(a);
  }

  /** Runs {@code /bin/true} in the sandbox; null if it worked, else what went wrong. */
  private String probe() {
    List<String> c = new ArrayList<>();
    c.add(bwrap);
    c.addAll(baseArgs);
    c.add("--");
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
