package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sandboxed task cannot reach a port listening on the host's loopback; a plain one can. */
class SandboxIT {
  @TempDir Path tmp;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    pool.shutdownNow();
    timer.shutdownNow();
  }

  private ExecOutcome connect(Sandbox sandbox, int port, String name) throws Exception {
    Path task = tmp.resolve(name);
    Files.createDirectories(task.resolve("input"));
    Files.createDirectories(task.resolve("output"));
    ExecSpec spec =
        ExecSpec.inTaskFolder(
            List.of("/bin/bash", "-c", "echo hi > /dev/tcp/127.0.0.1/" + port),
            null,
            task,
            Duration.ofSeconds(20));
    return NativeExecutor.create(sandbox, pool, timer, 4096)
        .start(spec)
        .outcome()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  @Test
  void shouldNotReachTheHostNetworkFromTheSandbox() throws Exception {
    Sandbox bwrap;
    try {
      bwrap = Sandbox.resolve(SandboxMode.BWRAP);
    } catch (SandboxUnavailableException e) {
      assumeTrue(false, "bubblewrap unavailable: " + e.getMessage());
      return;
    }
    try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      ExecOutcome plain = connect(Sandbox.plain(), server.getLocalPort(), "plain");
      assertTrue(plain.success(), "control: a plain process connects " + plain);
      ExecOutcome boxed = connect(bwrap, server.getLocalPort(), "boxed");
      assertFalse(boxed.success(), "the sandboxed process must not connect");
      assertEquals(1, boxed.exitCode());
      assertTrue(boxed.stderrTail().contains("Connection refused"), boxed.stderrTail());
    }
  }
}
