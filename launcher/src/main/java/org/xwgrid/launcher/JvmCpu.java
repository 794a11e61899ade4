package org.xwgrid.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xwgrid.worker.volunteer.HostLoad;
import org.xwgrid.worker.volunteer.ProcessTreeCpu;

/**
 * CPU time of a JVM process from {@code /proc}, in milliseconds: its own (every thread), the part
 * of it its JIT compiler threads took, and that of the child processes it reaped (a worker's
 * tasks). Benchmarks take two and subtract: CPU per task is steadier than a rate on a shared
 * machine. Linux; zeros where {@code /proc} is missing.
 */
record JvmCpu(long ownMs, long jitMs, long childrenMs) {
  private static final Path PROC = Path.of("/proc");

  static JvmCpu of(long pid) {
    Path dir = PROC.resolve(Long.toString(pid));
    try {
      long[] all = ProcessTreeCpu.times(Files.readString(dir.resolve("stat")));
      long jit = 0;
      try (DirectoryStream<Path> threads = Files.newDirectoryStream(dir.resolve("task"))) {
        for (Path t : threads) {
          String stat = readOrNull(t.resolve("stat"));
          if (stat != null && (stat.contains("(C1 CompilerThre") || stat.contains("(C2 CompilerThre"))) {
            long[] tt = ProcessTreeCpu.times(stat);
            jit += tt[0] + tt[1];
          }
        }
      }
      return new JvmCpu(ms(all[0] + all[1]), ms(jit), ms(all[2] + all[3]));
    } catch (IOException | RuntimeException e) {
      return new JvmCpu(0, 0, 0);
    }
  }

  JvmCpu minus(JvmCpu before) {
    return new JvmCpu(ownMs - before.ownMs, jitMs - before.jitMs, childrenMs - before.childrenMs);
  }

  private static long ms(long ticks) {
    return ticks * 1000 / HostLoad.USER_HZ;
  }

  private static String readOrNull(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return null; // the thread ended meanwhile
    }
  }
}
