package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command lines a sandbox builds (no process is started). */
class SandboxTest {
  private static final Path BWRAP = Path.of("/usr/bin/bwrap");
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");
  private static final SandboxSettings SETTINGS = SandboxSettings.DEFAULTS;

  private static ExecSpec spec(Path app, Limits limits, String... command) {
    return ExecSpec.inTaskFolder(List.of(command), app, Path.of("/w/tasks/t"), Duration.ofSeconds(30), limits);
  }

  private static String joined(List<String> c) {
    return String.join(" ", c);
  }

  @Test
  void shouldBuildTheBwrapCommandAroundTheTask() {
    Path app = Path.of("/w/apps/c");
    ExecSpec spec = spec(app, Limits.NONE, "prog", "--x=1");
    List<String> c = Sandbox.of(BWRAP, null, SETTINGS, null, null).command(spec);
    assertEquals(BWRAP.toString(), c.get(0));
    assertTrue(c.contains("--unshare-all") && c.contains("--die-with-parent") && c.contains("--clearenv"));
    assertEquals(List.of("--", "prog", "--x=1"), c.subList(c.size() - 3, c.size()));
    String joined = joined(c);
    assertTrue(joined.contains("--ro-bind " + app + " " + app), joined);
    assertTrue(joined.contains("--ro-bind " + spec.inputDir() + " " + spec.inputDir()), joined);
    assertTrue(joined.contains("--bind " + spec.outputDir() + " " + spec.outputDir()), joined);
    assertTrue(joined.contains("--chdir " + spec.taskDir()), joined);
    assertTrue(joined.contains("--perms 1777 --tmpfs /tmp"), joined);
    assertFalse(joined.contains("setpriv"), joined);
  }

  @Test
  void shouldDropToTheTaskUserAfterBwrapWithoutAUserNamespaceWhenRoot() {
    List<String> c = Sandbox.of(BWRAP, SETPRIV, SETTINGS, null, null).command(spec(null, Limits.NONE, "prog"));
    String joined = joined(c);
    assertFalse(c.contains("--unshare-all"), "a user namespace would map 65534 to nothing: " + joined);
    assertTrue(c.containsAll(List.of("--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts")), joined);
    assertTrue(
        joined.endsWith(
            "-- /usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all --bounding-set=-all"
                + " --no-new-privs --pdeathsig=keep -- prog"),
        joined);
  }

  @Test
  void shouldMakeTheFoldersAboveTheBoundOnesReachable() {
    List<String> c =
        Sandbox.of(BWRAP, SETPRIV, SETTINGS, null, null).command(spec(Path.of("/w/apps/a"), Limits.NONE, "prog"));
    List<String> dirs = new java.util.ArrayList<>();
    for (int i = 0; i < c.size(); i++) {
      if (c.get(i).equals("--dir")) {
        assertEquals(List.of("--perms", "0755"), c.subList(i - 2, i));
        dirs.add(c.get(i + 1));
      }
    }
    assertEquals(List.of("/w", "/w/apps", "/w/tasks", "/w/tasks/t"), dirs);
    assertTrue(joined(c).indexOf("--dir /w/tasks/t") < joined(c).indexOf("--bind /w/tasks/t/output"));
  }

  @Test
  void shouldLeaveSystemFoldersAndTmpAlone() {
    ExecSpec spec =
        ExecSpec.inTaskFolder(List.of("p"), Path.of("/usr/share/app"), Path.of("/tmp/x/t"), Duration.ofSeconds(1));
    List<String> c = Sandbox.of(BWRAP, SETPRIV, SETTINGS, null, null).command(spec);
    String joined = joined(c);
    assertTrue(joined.contains("--dir /tmp/x --perms 0755 --dir /tmp/x/t"), joined);
    assertFalse(joined.contains("--dir /tmp "), joined);
    assertFalse(joined.contains("--dir /usr"), joined);
  }

  @Test
  void shouldLeaveTheLimitsToTheCgroupItStartsIn() {
    TaskCgroup g = new TestingTaskCgroup(List.of(Path.of("/cg/memory/t"), Path.of("/cg/pids/t")));
    List<String> c = Sandbox.of(BWRAP, SETPRIV, SETTINGS, null, PRLIMIT).command(spec(null, new Limits(1 << 20, 0, 9), "prog"), g);
    assertEquals(BWRAP.toString(), c.get(0), "the cgroup is joined as the process starts (TaskCgroup.start)");
    assertFalse(c.contains(PRLIMIT.toString()), "no rlimits in a cgroup");
  }

  @Test
  void shouldSetRlimitsWithoutCgroups() {
    Limits limits = new Limits(64 << 20, 500, 32);
    String root = joined(Sandbox.of(BWRAP, SETPRIV, SETTINGS, null, PRLIMIT).command(spec(null, limits, "prog")));
    assertTrue(root.contains("-- /usr/bin/prlimit --as=67108864:67108864 --nproc=32:32 -- /usr/bin/setpriv "), root);
    String user = joined(Sandbox.of(BWRAP, null, SETTINGS, null, PRLIMIT).command(spec(null, limits, "prog")));
    assertTrue(user.contains("-- /usr/bin/prlimit --as=67108864:67108864 -- prog"), "no RLIMIT_NPROC on the worker's own user: " + user);
    String defaults = joined(Sandbox.of(null, null, SETTINGS, null, PRLIMIT).command(spec(null, Limits.NONE, "prog")));
    assertEquals("prog", defaults, "no limits, no prlimit");
  }

  @Test
  void shouldSayWhatStillAppliesWithoutCgroups() {
    String root = Sandbox.of(BWRAP, SETPRIV, SETTINGS, null, PRLIMIT).fallbackDescription();
    assertTrue(root.contains("RLIMIT_AS") && root.contains("uid 65534 at once (RLIMIT_NPROC)") && root.contains("not measured"), root);
    String user = Sandbox.of(BWRAP, null, SETTINGS, null, PRLIMIT).fallbackDescription();
    assertTrue(user.contains("pids are not limited"), user);
    assertTrue(Sandbox.of(BWRAP, null, SETTINGS, null, null).fallbackDescription().startsWith("no limits apply"));
  }

  @Test
  void shouldRefuseToStartWhenCgroupsAreRequiredButUnusable() {
    SandboxUnavailableException e =
        assertThrows(
            SandboxUnavailableException.class,
            () -> Sandbox.resolve(SandboxMode.NONE, SETTINGS.withCgroups(CgroupMode.REQUIRED), null));
    assertTrue(e.getMessage().startsWith("cgroups are required but unusable here: "), e.getMessage());
  }

  @Test
  void shouldNotLookForCgroupsWhenOff() throws Exception {
    Sandbox s = Sandbox.resolve(SandboxMode.NONE, SETTINGS.withCgroups(CgroupMode.OFF), Path.of("/nonexistent/work"));
    assertFalse(s.cgroups());
    assertFalse(s.isolated());
  }

  /** A cgroup that only has directories. */
  static final class TestingTaskCgroup implements TaskCgroup {
    private final List<Path> dirs;

    TestingTaskCgroup(List<Path> dirs) {
      this.dirs = dirs;
    }

    @Override
    public Limits limits() {
      return Limits.NONE;
    }

    @Override
    public List<Path> dirs() {
      return dirs;
    }

    @Override
    public List<Path> procsFiles() {
      return dirs.stream().map(d -> d.resolve("cgroup.procs")).toList();
    }

    @Override
    public CgroupUsage usage() {
      return CgroupUsage.UNKNOWN;
    }

    @Override
    public long cpuNanos() {
      return -1;
    }

    @Override
    public boolean freezable() {
      return false;
    }

    @Override
    public void freeze() throws IOException {
      throw new IOException("no freezer");
    }

    @Override
    public void thaw() throws IOException {
      throw new IOException("no freezer");
    }

    int killAlls;

    @Override
    public void killAll() {
      killAlls++;
    }

    @Override
    public void remove() {}
  }
}
