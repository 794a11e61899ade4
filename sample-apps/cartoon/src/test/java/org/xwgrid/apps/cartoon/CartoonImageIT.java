package org.xwgrid.apps.cartoon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the docker image with {@code build-image.sh}, runs it the way a worker runs a task (no
 * network, read-only root, no capabilities, no new privileges, user 65534, a small tmpfs at /tmp,
 * 256 MiB), and checks that the container's cartoon is byte for byte the native app's. It needs a
 * docker engine, and fails (it does not skip) where {@code docker info} does not work.
 */
class CartoonImageIT {
  private static final String IMAGE = "xwgrid/cartoon:1.0.0";

  private static final Path MODULE = Path.of(System.getProperty("basedir", "")).toAbsolutePath();

  /** A finished command: its exit code and what it printed (stdout and stderr together). */
  private record Run(int code, String output) {
    String lastLine() {
      String[] lines = output.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  private static Run run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
    Path log = Files.createTempFile("cartoon-it", ".log");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(log));
      }
      return new Run(p.exitValue(), Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  @Test
  void shouldRunInTheHardenedContainerAndWriteTheNativeAppsBytes(@TempDir Path dir) throws Exception {
    Run info = run(List.of("docker", "info"), 60);
    assertEquals(0, info.code(), "this test needs a docker engine: 'docker info' fails:\n" + info.output());

    Run build = run(List.of("bash", MODULE.resolve("build-image.sh").toString()), 900);
    assertEquals(0, build.code(), "build-image.sh fails:\n" + build.output());
    Path archive = MODULE.resolve("target/cartoon-image.tar");
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archive)));
    assertEquals(archive + " sha256:" + sha, build.lastLine(), "the last line names the archive and its sha256");
    Run load = run(List.of("docker", "load", "-i", archive.toString()), 300);
    assertEquals(0, load.code(), load.output());
    assertTrue(load.output().contains(IMAGE), "the archive holds " + IMAGE + ": " + load.output());

    Path in = Files.createDirectories(dir.resolve("in"));
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.write(in.resolve("photo.png"), PngEncoder.encode(SamplePicture.draw()));
    Files.setPosixFilePermissions(in, PosixFilePermissions.fromString("rwxr-xr-x")); // readable by 65534
    Files.setPosixFilePermissions(in.resolve("photo.png"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx")); // writable by 65534

    String name = "cartoon-it-" + UUID.randomUUID();
    List<String> docker = new ArrayList<>(List.of("docker", "run", "--rm", "--name", name,
        "--network", "none", "--read-only", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
        "--user", "65534:65534", "--tmpfs", "/tmp:size=64m",
        "-v", in + ":/xw/input:ro", "-v", out + ":/xw/output",
        "-e", "XW_INPUT_DIR=/xw/input", "-e", "XW_OUTPUT_DIR=/xw/output", "-e", "HOME=/tmp",
        "--memory", "256m", IMAGE, "--levels=6"));
    Run container;
    try {
      container = run(docker, 180);
    } finally {
      run(List.of("docker", "rm", "-f", name), 60); // only if it outlived the timeout
    }
    assertEquals(0, container.code(), "the container fails:\n" + container.output());
    assertTrue(container.output().contains("cartoon: photo.png 640x480"), container.output());
    assertEquals(65534, Files.getAttribute(out.resolve(Cartoon.OUTPUT), "unix:uid"), "written by nobody");

    Path natively = dir.resolve("native");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cartoon.run(new String[] {"--levels=6"}, Map.of("XW_INPUT_DIR", in.toString(), "XW_OUTPUT_DIR", natively.toString()),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertArrayEquals(Files.readAllBytes(natively.resolve(Cartoon.OUTPUT)), Files.readAllBytes(out.resolve(Cartoon.OUTPUT)),
        "the container's cartoon.png is the native app's, byte for byte");
    assertArrayEquals(Files.readAllBytes(natively.resolve(Cartoon.SUMMARY)), Files.readAllBytes(out.resolve(Cartoon.SUMMARY)));

    Run bad = run(List.of("docker", "run", "--rm", "--network", "none", "--read-only", "--cap-drop", "ALL",
        "--security-opt", "no-new-privileges", "--user", "65534:65534", "--tmpfs", "/tmp:size=64m",
        "-v", in + ":/xw/input:ro", "-e", "XW_INPUT_DIR=/xw/input", "-e", "XW_OUTPUT_DIR=/tmp/out", "--memory", "256m",
        IMAGE, "--levels=1"), 180);
    assertEquals(2, bad.code(), bad.output());
    assertTrue(bad.output().contains("--levels must be between 2 and 16"), bad.output());
  }
}
