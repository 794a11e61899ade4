package org.xwgrid.worker.volunteer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The CPU time of the worker's own process tree, never decreasing: this JVM and its tasks'
 * processes (bubblewrap sandboxes included), alive or ended. For each process of the tree {@code
 * /proc/<pid>/stat} gives its own time (utime, stime) and that of its children it has reaped
 * (cutime, cstime), so a task's time moves from its process to its parent's reaped total when it
 * ends, and is counted once. Containers run outside the tree (under the engine's shim): their CPU
 * is not in it. Linux; {@code 0} where {@code /proc} is missing.
 */
public final class ProcessTreeCpu implements LongSupplier {
  private static final Path PROC = Path.of("/proc");

  @Override
  public long getAsLong() {
    long ticks = ticks(ProcessHandle.current().pid());
    for (ProcessHandle h : (Iterable<ProcessHandle>) ProcessHandle.current().descendants()::iterator) {
      ticks += ticks(h.pid());
    }
    return TimeUnit.SECONDS.toNanos(ticks) / HostLoad.USER_HZ;
  }

  private static long ticks(long pid) {
    try {
      return ticksOf(Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat")));
    } catch (IOException | RuntimeException e) {
      return 0; // the process ended meanwhile: its time is in its parent's reaped total
    }
  }

  /**
   * utime + stime + cutime + cstime of one {@code /proc/<pid>/stat} line, in ticks.
   */
  static long ticksOf(String stat) {
    long[] t = times(stat);
    return t[0] + t[1] + t[2] + t[3];
  }

  /**
   * utime, stime, cutime and cstime of one {@code /proc/<pid>/stat} (or {@code
   * /proc/<pid>/task/<tid>/stat}) line, in ticks of {@link HostLoad#USER_HZ}: fields 14 to 17,
   * counted after the command name in parentheses (which may hold spaces and parentheses).
   */
  public static long[] times(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    // f[0] is field 3 (state), so field n is f[n - 3]
    return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
  }
}
