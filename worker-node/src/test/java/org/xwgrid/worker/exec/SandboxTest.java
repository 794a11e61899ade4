package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real tasks inside bubblewrap; skipped where bwrap is missing or does not work. */
class SandboxTest {
  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private Sandbox sandbox;
  private NativeExecutor executor;

  @BeforeEach
  void resolve() {
    try {
      sandbox = Sandbox.resolve(SandboxMode.BWRAP);
    } catch (SandboxUnavailableException e) {
      assumeTrue(false, "bubblewrap unavailable: " + e.getMessage());
    }
    executor = NativeExecutor.create(sandbox, pool, timer, 4096);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    timer.shutdownNow();
  }

  private ExecSpec task(Path app, String... command) throws IOException {
    Path task = tmp.resolve("work/tasks/t");
    Files.createDirectories(task.resolve("input"));
    Files.createDirectories(task.resolve("output"));
    Files.writeString(task.resolve("input/in.txt"), "input");
    return ExecSpec.inTaskFolder(List.of(command), app, task, Duration.ofSeconds(30));
  }

  private ExecOutcome run(ExecSpec spec) throws Exception {
    return executor.start(spec).outcome().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void shouldSeeOnlyTheLoopbackInterface() throws Exception {
    ExecSpec spec = task(null, "/bin/sh", "-c", "cat /proc/net/dev > \"$XW_OUTPUT_DIR/dev\"");
    assertTrue(run(spec).success());
    List<String> interfaces =
        Files.readAllLines(spec.outputDir().resolve("dev")).stream()
            .skip(2)
            .map(l -> l.substring(0, l.indexOf(':')).strip())
            .toList();
    assertEquals(List.of("lo"), interfaces);
  }

  @Test
  void shouldWriteOnlyIntoTheOutputFolder() throws Exception {
    Path app = Files.createDirectories(tmp.resolve("work/apps/a"));
    Files.writeString(app.resolve("app.txt"), "app");
    String script =
        String.join(
            "; ",
            "echo x > \"$HOME/home.txt\"",
            "echo x > \"$XW_INPUT_DIR/in.txt\" && echo input-writable >> \"$XW_OUTPUT_DIR/log\"",
            "echo x > \"$XW_INPUT_DIR/new.txt\" && echo input-dir-writable >> \"$XW_OUTPUT_DIR/log\"",
            "echo x > " + app + "/app.txt && echo app-writable >> \"$XW_OUTPUT_DIR/log\"",
            "echo x > /usr/evil.txt && echo usr-writable >> \"$XW_OUTPUT_DIR/log\"",
            "echo x > /etc/evil.txt && echo etc-writable >> \"$XW_OUTPUT_DIR/log\"",
            "echo x > " + tmp + "/escape.txt",
            "echo ok >> \"$XW_OUTPUT_DIR/log\"");
    ExecSpec spec = task(app, "/bin/sh", "-c", script);
    assertTrue(run(spec).success());
    assertEquals("ok\n", Files.readString(spec.outputDir().resolve("log")));
    assertEquals("input", Files.readString(spec.inputDir().resolve("in.txt")));
    assertEquals("app", Files.readString(app.resolve("app.txt")));
    assertFalse(Files.exists(spec.taskDir().resolve("home.txt")), "HOME writes stay in the sandbox");
    assertFalse(Files.exists(tmp.resolve("escape.txt")));
    assertFalse(Files.exists(Path.of("/usr/evil.txt")));
    assertFalse(Files.exists(Path.of("/etc/evil.txt")));
    try (Stream<Path> s = Files.list(spec.inputDir())) {
      assertEquals(1, s.count());
    }
  }

  @Test
  void shouldRunScriptsOfTheAppFolderWithTheTaskEnvironment() throws Exception {
    Path app = Files.createDirectories(tmp.resolve("work/apps/b"));
    Path run = app.resolve("run.sh");
    Files.writeString(run, "#!/bin/sh\necho \"$1 $HOME $PWD\" > \"$XW_OUTPUT_DIR/out\"\n");
    run.toFile().setExecutable(true);
    ExecSpec spec = task(app, run.toString(), "arg1");
    ExecOutcome o = run(spec);
    assertTrue(o.success(), o.toString());
    assertEquals(
        "arg1 " + spec.taskDir() + " " + spec.taskDir() + "\n",
        Files.readString(spec.outputDir().resolve("out")));
  }

  @Test
  void shouldRunJavaInside() throws Exception {
    ExecSpec spec = task(null, "/bin/sh", "-c", "java -version 2> \"$XW_OUTPUT_DIR/version\"");
    ExecOutcome o = run(spec);
    assertTrue(o.success(), o + " " + Files.readString(spec.stderr()));
    assertTrue(Files.readString(spec.outputDir().resolve("version")).contains("version"));
  }

  @Test
  void shouldBuildTheBwrapCommandAroundTheTask() throws Exception {
    Path app = Files.createDirectories(tmp.resolve("work/apps/c"));
    ExecSpec spec = task(app, "prog", "--x=1");
    List<String> c = sandbox.command(spec);
    assertTrue(c.get(0).endsWith("bwrap"));
    assertTrue(c.contains("--unshare-all") && c.contains("--die-with-parent") && c.contains("--clearenv"));
    assertEquals(List.of("--", "prog", "--x=1"), c.subList(c.size() - 3, c.size()));
    String joined = String.join(" ", c);
    assertTrue(joined.contains("--ro-bind " + app + " " + app), joined);
    assertTrue(joined.contains("--ro-bind " + spec.inputDir() + " " + spec.inputDir()), joined);
    assertTrue(joined.contains("--bind " + spec.outputDir() + " " + spec.outputDir()), joined);
    assertTrue(joined.contains("--chdir " + spec.taskDir()), joined);
  }
}
