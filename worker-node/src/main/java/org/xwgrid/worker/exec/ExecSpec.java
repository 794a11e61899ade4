package org.xwgrid.worker.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One process to run: {@code command} (program and arguments, as given; for a container, its
 * command after the image's entrypoint), in {@code taskDir}, with
 * {@code inputDir} readable and {@code outputDir} writable, the app folder {@code appDir} readable
 * (null if none), stdout and stderr into the two files, killed with its children after {@code
 * timeout}, within {@code limits}. Paths are absolute. {@code name} names the replica it runs for
 * (a container's label; the task folder's name by default).
 */
public record ExecSpec(
    List<String> command,
    Path appDir,
    Path taskDir,
    Path inputDir,
    Path outputDir,
    Path stdout,
    Path stderr,
    Duration timeout,
    Limits limits,
    String name) {

  public ExecSpec {
    command = List.copyOf(command); // empty only for a container whose image's entrypoint runs alone
    limits = limits == null ? Limits.NONE : limits;
    if (name == null) {
      Path n = taskDir.getFileName();
      name = n == null ? taskDir.toString() : n.toString();
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
  }

  /** {@link #inTaskFolder(List, Path, Path, Duration, Limits)} without limits. */
  public static ExecSpec inTaskFolder(List<String> command, Path appDir, Path taskDir, Duration timeout) {
    return inTaskFolder(command, appDir, taskDir, timeout, Limits.NONE);
  }

  /** The usual layout of a task folder: {@code input/}, {@code output/}, {@code stdout.log}, {@code stderr.log}. */
  public static ExecSpec inTaskFolder(
      List<String> command, Path appDir, Path taskDir, Duration timeout, Limits limits) {
    Path t = taskDir.toAbsolutePath().normalize();
    return new ExecSpec(
        command,
        appDir == null ? null : appDir.toAbsolutePath().normalize(),
        t,
        t.resolve("input"),
        t.resolve("output"),
        t.resolve("stdout.log"),
        t.resolve("stderr.log"),
        timeout,
        limits,
        null);
  }

  /** This spec for the replica named {@code replicaName}. */
  public ExecSpec named(String replicaName) {
    return new ExecSpec(command, appDir, taskDir, inputDir, outputDir, stdout, stderr, timeout, limits, replicaName);
  }
}
