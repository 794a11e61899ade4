package org.xwgrid.worker.volunteer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.xwgrid.worker.volunteer.HostLoad.Reading;

/**
 * {@link HostLoad} on this host's real {@code /proc/stat}: a thread spinning in this JVM shows in
 * the load, and fed as the worker's own tasks' CPU time it is taken out again. The host may be
 * busy with other work, which only adds to the load, so the checks are lower bounds on what the
 * spinner adds and an upper bound on what is left once it is subtracted.
 */
class HostLoadIT {

  private static volatile long sink;

  @Test
  void shouldSeeABusyThreadAndCancelItWhenItIsTheWorkersOwn() throws Exception {
    assumeTrue(Files.isReadable(HostLoad.PROC_STAT), "needs Linux's /proc/stat");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    assumeTrue(mx.isThreadCpuTimeSupported(), "needs per-thread CPU time");
    mx.setThreadCpuTimeEnabled(true);
    int cores = onlineCores();

    AtomicBoolean stop = new AtomicBoolean();
    Thread spinner = new Thread(() -> {
      long x = 0;
      while (!stop.get()) {
        x = x * 31 + 7;
      }
      sink = x;
    }, "host-load-it-spinner");
    spinner.setDaemon(true);
    spinner.start();
    LongSupplier spinnerCpu = () -> Math.max(0, mx.getThreadCpuTime(spinner.getId()));
    try {
      Thread.sleep(200); // let it get going
      HostLoad unaware = HostLoad.create(() -> 0);
      HostLoad aware = HostLoad.create(spinnerCpu);
      long cpu0 = spinnerCpu.getAsLong();
      long wall0 = System.nanoTime();
      Thread.sleep(2000);
      Reading seen = unaware.sample();
      Reading cancelled = aware.sample();
      double spin = (spinnerCpu.getAsLong() - cpu0) / ((double) (System.nanoTime() - wall0) * cores);
      String what = "spinner " + spin + " of " + cores + " cores; seen " + seen + "; with it as own: " + cancelled;

      assertTrue(spin > 0.1 / cores, "the spinner got a tenth of a core at least: " + what);
      assertTrue(seen.busy() >= 0.85 * spin - 0.02, "the spinner raises the load: " + what);
      assertTrue(seen.others() >= 0.85 * spin - 0.02, what);
      assertEquals(spin, cancelled.own(), 0.05, "the own share is the spinner's: " + what);
      assertTrue(cancelled.others() <= seen.others() - 0.85 * spin + 0.02, "subtracting it cancels it: " + what);
    } finally {
      stop.set(true);
      spinner.join(5000);
    }
  }

  /** The cores {@code /proc/stat} counts (cpu0, cpu1, ...), which may be more than this JVM may use. */
  private static int onlineCores() throws IOException {
    return (int) Files.readAllLines(HostLoad.PROC_STAT).stream().filter(l -> l.matches("cpu\\d+ .*")).count();
  }
}
