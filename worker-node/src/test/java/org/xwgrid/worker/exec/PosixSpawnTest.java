package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes started through {@code posix_spawnp}: what they get, and how they end. */
class PosixSpawnTest {
  @TempDir Path dir;

  @BeforeEach
  void glibc() {
    assumeTrue(PosixSpawn.available(), "this C library has no posix_spawn closefrom / chdir");
  }

  private ProcessBuilder sh(String script) {
    ProcessBuilder pb =
        new ProcessBuilder("sh", "-c", script)
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(dir.resolve("out.log").toFile())
            .redirectError(dir.resolve("err.log").toFile());
    pb.environment().clear();
    pb.environment().put("PATH", "/usr/bin:/bin");
    return pb;
  }

  private String out() throws IOException {
    return Files.readString(dir.resolve("out.log"), StandardCharsets.UTF_8);
  }

  @Test
  void shouldGiveTheChildItsArgumentsEnvironmentDirectoryAndFiles() throws Exception {
    ProcessBuilder pb = sh("printf '%s|%s|%s|' \"$1\" \"$GREETING\" \"$(pwd)\"; cat; echo oops >&2; exit 3");
    pb.command().addAll(List.of("name", "two words and ünïcödé"));
    pb.environment().put("GREETING", "héllo wörld");
    Process p = PosixSpawn.start(pb);
    assertInstanceOf(PosixSpawn.Spawned.class, p);
    assertEquals(3, p.waitFor());
    assertEquals("two words and ünïcödé|héllo wörld|" + dir.toRealPath() + "|", out());
    assertEquals("oops\n", Files.readString(dir.resolve("err.log")));
    assertEquals(3, p.exitValue());
    assertFalse(p.isAlive());
  }

  @Test
  void shouldTruncateOrAppendAsTheRedirectSays() throws Exception {
    Files.writeString(dir.resolve("out.log"), "an earlier task's much longer output\n");
    assertEquals(0, PosixSpawn.start(sh("echo new")).waitFor());
    assertEquals("new\n", out());
    ProcessBuilder append = sh("echo more").redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("out.log").toFile()));
    assertEquals(0, PosixSpawn.start(append).waitFor());
    assertEquals("new\nmore\n", out());
  }

  @Test
  void shouldLeaveNoDescriptorOfTheWorkerToTheChild() throws Exception {
    Path marker = Files.writeString(dir.resolve("worker-secret"), "x");
    try (FileInputStream held = new FileInputStream(marker.toFile())) {
      assertEquals(0, PosixSpawn.start(sh("for f in /proc/$$/fd/*; do readlink \"$f\"; done; true")).waitFor());
    }
    String fds = out();
    assertFalse(fds.contains("worker-secret"), fds);
    assertTrue(fds.contains("out.log"), fds);
  }

  @Test
  void shouldStartTheChildWithTheSignalsTheJdkGivesIt() throws Exception {
    String script = "grep -E '^Sig(Blk|Ign)' /proc/self/status";
    assertEquals(0, sh(script).start().waitFor());
    String jdk = out();
    assertEquals(0, PosixSpawn.start(sh(script)).waitFor());
    assertEquals(jdk, out());
    assertTrue(jdk.startsWith("SigBlk:\t0000000000000000\n"), jdk);
  }

  @Test
  void shouldReportAKilledProcessAsTheJdkDoes() throws Exception {
    Process p = PosixSpawn.start(sh("exec sleep 30"));
    assertTrue(p.isAlive());
    assertEquals(p.pid(), p.toHandle().pid());
    p.destroyForcibly();
    assertEquals(128 + 9, p.waitFor());
    assertTrue(p.waitFor(1, TimeUnit.SECONDS));
    assertEquals(0, p.descendants().count());
    assertThrows(IllegalStateException.class, p::toHandle);
    p.destroyForcibly(); // reaped: no signal to a pid another process may have now
  }

  @Test
  void shouldLetAnotherThreadWaitForTheSameProcess() throws Exception {
    Process p = PosixSpawn.start(sh("sleep 0.3; exit 7"));
    java.util.concurrent.CompletableFuture<Integer> other =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> {
              try {
                return p.waitFor();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    assertEquals(7, p.waitFor());
    assertEquals(7, other.get(10, TimeUnit.SECONDS));
  }

  @Test
  void shouldFailClearlyForAMissingProgramOrDirectory() {
    ProcessBuilder missing = sh("true").command("/no/such/program");
    IOException e = assertThrows(IOException.class, () -> PosixSpawn.start(missing));
    assertTrue(e.getMessage().contains("/no/such/program") && e.getMessage().contains("error=2"), e.getMessage());
    ProcessBuilder nul = sh("true").command("/bin/echo", "a\0b");
    assertEquals("invalid null character in command", assertThrows(IOException.class, () -> PosixSpawn.start(nul)).getMessage());
    ProcessBuilder noDir = sh("true").directory(dir.resolve("gone").toFile());
    IOException d = assertThrows(IOException.class, () -> PosixSpawn.start(noDir));
    assertTrue(d.getMessage().contains("error=2"), d.getMessage());
  }

  @Test
  void shouldLeaveToTheJdkWhatItCannotDescribe() throws Exception {
    Process p = PosixSpawn.start(new ProcessBuilder("true").directory(dir.toFile()));
    assertFalse(p instanceof PosixSpawn.Spawned);
    assertEquals(0, p.waitFor());
  }
}
