package org.xwgrid.worker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.ReplicaRef;
import org.xwgrid.common.api.WorkerApi.AppPackage;
import org.xwgrid.common.api.WorkerApi.Assignment;

/** Apps, assignments and waiting helpers for the worker tests. */
public final class TestingApps {
  /**
   * A shell app: {@code run.sh N SECONDS} sleeps, then writes the input file and "task N" to
   * out.txt and a constant file to sub/const.txt.
   */
  public static final String RUN_SH =
      String.join(
          "\n",
          "#!/bin/sh",
          "set -e",
          "echo \"starting $1\"",
          "sleep \"$2\"",
          "cat \"$XW_INPUT_DIR/data.txt\" > \"$XW_OUTPUT_DIR/out.txt\"",
          "echo \"task $1\" >> \"$XW_OUTPUT_DIR/out.txt\"",
          "mkdir -p \"$XW_OUTPUT_DIR/sub\"",
          "echo same > \"$XW_OUTPUT_DIR/sub/const.txt\"",
          "");

  private TestingApps() {}

  public static byte[] zip(Map<String, String> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> e : files.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  public static Assignment assignment(
      String job, int index, DataRef archive, List<String> entrypoint, List<String> args, List<DataRef> inputs) {
    return new Assignment(
        new ReplicaRef(job, index, 1),
        new AppPackage("shell", "1.0", archive, entrypoint),
        args,
        inputs,
        60_000,
        TestingDispatcher.TICKET);
  }

  /** Unpacks a zip (bytes) into a folder. */
  public static Path unzip(byte[] zip, Path target) throws IOException {
    Files.createDirectories(target);
    try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        Path p = target.resolve(e.getName()).normalize();
        if (e.isDirectory()) {
          Files.createDirectories(p);
        } else {
          Files.createDirectories(p.getParent());
          Files.copy(in, p);
        }
      }
    }
    return target;
  }

  /** Waits until the condition holds, or fails with the message. */
  public static void eventually(Duration max, BooleanSupplier condition, Supplier<String> message)
      throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + max.toMillis() + " ms: " + message.get());
      }
      Thread.sleep(20);
    }
  }
}
