package org.xwgrid.worker.exec;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Helpers of the sandbox tests: a test that needs bubblewrap, root or cgroups is skipped where
 * they are missing, and fails instead when {@code CI=true}.
 */
final class TestingSandboxes {
  private TestingSandboxes() {}

  static boolean ci() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Skips (or fails on CI) unless {@code ok}. */
  static void require(boolean ok, String missing) {
    if (!ok) {
      if (ci()) {
        fail(missing + " (required when CI=true)");
      }
      assumeTrue(false, missing);
    }
  }

  /** A bubblewrap sandbox with {@code settings}, cgroups for the worker of {@code workDir}. */
  static Sandbox bwrap(SandboxSettings settings, Path workDir) {
    try {
      return Sandbox.resolve(SandboxMode.BWRAP, settings, workDir);
    } catch (SandboxUnavailableException e) {
      require(false, "bubblewrap or cgroups unavailable: " + e.getMessage());
      throw new AssertionError(e);
    }
  }

  /** The pids of live processes whose command line contains {@code marker}. */
  static List<Long> processesWith(String marker) throws IOException {
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path p : ds) {
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
          if (cmd.contains(marker) && Long.parseLong(p.getFileName().toString()) != ProcessHandle.current().pid()) {
            found.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException e) {
          // gone meanwhile
        }
      }
    }
    return found;
  }
}
