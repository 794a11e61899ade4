package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one-line errors of outcomes (the processes themselves: NativeExecutorTest, SandboxIT). */
class RunningProcessTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final RunningProcess p =
      new RunningProcess(
          ExecSpec.inTaskFolder(List.of("x"), null, Path.of("/t"), Duration.ofSeconds(2)), Sandbox.plain(), timer, 10);

  @AfterEach
  void stop() {
    timer.shutdownNow();
  }

  @Test
  void shouldSayWhyATaskFailed() {
    Limits limits = new Limits(64 << 20, 0, 32);
    assertNull(p.error(0, false, false, false, 0, limits));
    assertEquals("exit code 2", p.error(2, false, false, false, 0, limits));
    assertEquals("out of memory (limit 64 MiB)", p.error(137, false, false, true, 0, limits));
    assertEquals("timed out after 2000 ms (process tree killed)", p.error(137, false, true, true, 0, limits));
    assertEquals("aborted", p.error(137, true, true, true, 0, limits));
    assertEquals("exit code 2 (hit the limit of 32 processes)", p.error(2, false, false, false, 4, limits));
    assertNull(p.error(0, false, false, false, 4, limits), "a task that coped with the limit succeeded");
  }

  @Test
  void shouldWriteSizesForPeople() {
    assertEquals("64 MiB", RunningProcess.bytes(64L << 20));
    assertEquals("2 GiB", RunningProcess.bytes(2L << 30));
    assertEquals("1536 KiB", RunningProcess.bytes(1536L << 10));
    assertEquals("1000 bytes", RunningProcess.bytes(1000));
  }

  @Test
  void shouldTakeTheEndOfStderr(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path err = tmp.resolve("stderr.log");
    java.nio.file.Files.writeString(err, "0123456789");
    assertEquals("6789", RunningProcess.tail(err, 4));
    assertEquals("0123456789", RunningProcess.tail(err, 100));
    java.nio.file.Files.writeString(err, "");
    assertNull(RunningProcess.tail(err, 4));
    assertNull(RunningProcess.tail(tmp.resolve("absent"), 4));
  }
}
