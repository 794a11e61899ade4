package org.xwgrid.worker.volunteer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * The host's CPU load as the owner makes it: the busy share of all cores since the previous
 * sample, read from the aggregate {@code cpu} line of Linux's {@code /proc/stat}, minus the CPU time
 * of the worker's own tasks, so that the worker's own work never counts as the owner's.
 *
 * <p>The own tasks' CPU time comes from a {@link LongSupplier} of their total CPU nanoseconds
 * (user and system): a running total that must include the tasks that have finished, so that it
 * never goes down (a drop counts as zero). {@code /proc/stat} counts in USER_HZ ticks, 100 a second
 * on Linux. {@link #sample()} is thread-safe; the arithmetic is the pure {@link #reading}.
 */
public final class HostLoad {

  /** Ticks per second of {@code /proc/stat} (Linux's USER_HZ, {@code getconf CLK_TCK}). */
  public static final long USER_HZ = 100;

  /** Where Linux keeps the counters. */
  public static final Path PROC_STAT = Path.of("/proc/stat");

  /**
   * Cumulated ticks of all cores since boot: {@code busy} (user, nice, system, irq, softirq) and
   * {@code total} (busy, idle, iowait, steal). Guest time is already in user and nice.
   */
  public record CpuTimes(long busy, long total) {

    /**
     * The aggregate {@code cpu} line of {@code /proc/stat} text (the whole file or that line).
     * Fields missing on old kernels count as zero.
     *
     * @throws IllegalArgumentException if there is no such line or it is not numbers
     */
    public static CpuTimes parse(String procStat) {
      for (String line : procStat.split("\n")) {
        String[] f = line.strip().split("\\s+");
        if (!f[0].equals("cpu")) {
          continue;
        }
        if (f.length < 5) {
          throw new IllegalArgumentException("the cpu line of /proc/stat has fewer than 4 counters: '" + line + "'");
        }
        long[] v = new long[8]; // user nice system idle iowait irq softirq steal
        try {
          for (int i = 0; i < v.length && i + 1 < f.length; i++) {
            v[i] = Long.parseLong(f[i + 1]);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("the cpu line of /proc/stat is not numbers: '" + line + "'", e);
        }
        long busy = v[0] + v[1] + v[2] + v[5] + v[6];
        return new CpuTimes(busy, busy + v[3] + v[4] + v[7]);
      }
      throw new IllegalArgumentException("no aggregate cpu line in /proc/stat");
    }
  }

  /**
   * Shares of all the host's cores over one interval, each in [0, 1]: {@code busy} by every
   * process, {@code own} by the worker's tasks, {@code others} = busy - own (the owner's load).
   */
  public record Reading(double busy, double own, double others) {}

  private final Callable<String> source;
  private final LongSupplier ownCpuNanos;
  private final long userHz;
  private CpuTimes last;
  private long lastOwn;

  private HostLoad(Callable<String> source, LongSupplier ownCpuNanos, long userHz) {
    this.source = source;
    this.ownCpuNanos = ownCpuNanos;
    this.userHz = userHz;
    this.last = read();
    this.lastOwn = ownCpuNanos.getAsLong();
  }

  /**
   * Reads {@link #PROC_STAT} now, as the start of the first interval.
   *
   * @throws UncheckedIOException if it cannot be read (not Linux)
   */
  public static HostLoad create(LongSupplier ownCpuNanos) {
    return create(() -> firstLine(PROC_STAT), ownCpuNanos, USER_HZ);
  }

  /** A load read from {@code source} (text in the format of {@code /proc/stat}; tests). */
  static HostLoad create(Callable<String> source, LongSupplier ownCpuNanos, long userHz) {
    return new HostLoad(Objects.requireNonNull(source), Objects.requireNonNull(ownCpuNanos), userHz);
  }

  /**
   * The load since the previous sample (or since {@link #create}), which starts the next interval.
   *
   * @throws UncheckedIOException if {@code /proc/stat} cannot be read
   */
  public synchronized Reading sample() {
    CpuTimes now = read();
    long own = ownCpuNanos.getAsLong();
    Reading r = reading(last, now, own - lastOwn, userHz);
    last = now;
    lastOwn = own;
    return r;
  }

  /**
   * The load between two readings of the counters, the own tasks having used {@code ownCpuNanos}
   * of CPU meanwhile. Every share is clamped to [0, 1]; a negative own time counts as zero, and
   * counters that did not advance give zero load.
   */
  public static Reading reading(CpuTimes before, CpuTimes after, long ownCpuNanos, long userHz) {
    long total = after.total() - before.total();
    if (total <= 0) {
      return new Reading(0, 0, 0);
    }
    double busy = clamp((double) Math.max(0, after.busy() - before.busy()) / total);
    double ownTicks = Math.max(0, ownCpuNanos) * (double) userHz / 1e9;
    double own = clamp(ownTicks / total);
    return new Reading(busy, own, clamp(busy - own));
  }

  private CpuTimes read() {
    try {
      return CpuTimes.parse(source.call());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the host's CPU load: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the host's CPU load: " + e.getMessage(), e);
    }
  }

  private static String firstLine(Path p) throws IOException {
    try (BufferedReader r = Files.newBufferedReader(p)) {
      String line = r.readLine();
      return line == null ? "" : line;
    }
  }

  private static double clamp(double v) {
    return Math.min(1, Math.max(0, v));
  }
}
