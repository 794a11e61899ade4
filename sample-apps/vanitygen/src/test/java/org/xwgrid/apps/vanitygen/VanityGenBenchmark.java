package org.xwgrid.apps.vanitygen;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Not a test: a small program that measures search speed and how many keys a pattern needs.
 *
 * <pre>
 * java -cp target/vanitygen.jar:target/test-classes org.xwgrid.apps.vanitygen.VanityGenBenchmark [pattern] [seeds]
 * </pre>
 *
 * <p>Prints keys per second on one thread (a pattern that never matches, after a warm-up), per
 * second of wall time and per second of the thread's CPU time (the steadier figure on a busy
 * machine), then
 * searches {@code seeds} seeds ({@code demo-0}, {@code demo-1}, ...) for the pattern (default
 * {@code 1Lo}) without limit and prints the mean, median and spread of the keys needed.
 */
public final class VanityGenBenchmark {

    private static final String NEVER = "1111111111";

    private VanityGenBenchmark() {
    }

    public static void main(String[] args) {
        String pattern = args.length > 0 ? args[0] : "1Lo";
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 200;

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        KeySearch.search(NEVER, "warm-up", 20_000);
        for (int round = 0; round < 3; round++) {
            long keys = 20_000;
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            KeySearch.search(NEVER, "speed-" + round, keys);
            double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
            double seconds = (System.nanoTime() - start) / 1e9;
            print("throughput round %d: %d keys in %.2f s = %.0f keys/s (%.0f keys per CPU second)",
                    round, keys, seconds, keys / seconds, keys / cpu);
        }

        long[] needed = new long[seeds];
        long start = System.nanoTime();
        for (int i = 0; i < seeds; i++) {
            needed[i] = KeySearch.search(pattern, "demo-" + i, Long.MAX_VALUE).keysTried();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long total = Arrays.stream(needed).sum();
        long[] sorted = needed.clone();
        Arrays.sort(sorted);
        print("pattern %s over %d seeds: mean %.0f keys, median %d, min %d, max %d (%d keys in %.1f s = %.0f keys/s)",
                pattern, seeds, (double) total / seeds, sorted[seeds / 2], sorted[0], sorted[seeds - 1],
                total, seconds, total / seconds);
        for (long cap : new long[] {2_000, 5_000, 10_000, 20_000, 50_000}) {
            long found = Arrays.stream(needed).filter(n -> n <= cap).count();
            print("  max-keys %6d: found in %5.1f%% of tasks", cap, 100.0 * found / seeds);
        }
    }

    private static void print(String format, Object... values) {
        System.out.println(String.format(Locale.ROOT, format, values));
    }
}
