package org.xwgrid.worker;

import static org.xwgrid.worker.TestingApps.eventually;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.worker.exec.SandboxMode;

/**
 * Opt-in measurement ({@code -Dxw.bench=true}): {@code /bin/true} tasks through an in-process
 * worker node and the TestingDispatcher, next to {@code xargs -P 2}. Prints, asserts nothing.
 */
@EnabledIfSystemProperty(named = "xw.bench", matches = "true")
class WorkerThroughputIT {
  private static final Logger log = LoggerFactory.getLogger(WorkerThroughputIT.class);
  private static final int TASKS = Integer.getInteger("xw.bench.tasks", 3000);
  @TempDir Path tmp;

  @Test
  void measure() throws Exception {
    double xargs = xargs();
    List<SandboxMode> modes =
        System.getProperty("xw.bench.modes", "none,bwrap").lines().flatMap(l -> java.util.Arrays.stream(l.split(",")))
            .map(SandboxMode::parse).toList();
    List<Integer> prefetches =
        java.util.Arrays.stream(System.getProperty("xw.bench.prefetch", "0,2").split(",")).map(Integer::valueOf).toList();
    for (SandboxMode mode : modes) {
      for (int prefetch : prefetches) {
        double rate = worker(mode, prefetch);
        String line = String.format("bench: %s prefetch=%d slots=" + Integer.getInteger("xw.bench.slots", 2) + ": %.0f tasks/s = %.2f x xargs -P 2 (%.0f/s)", mode, prefetch, rate, rate / xargs, xargs);
        log.warn(line);
        org.junit.jupiter.api.Assertions.assertTrue(rate > 0, line);
        java.nio.file.Files.writeString(Path.of("target", "bench.txt"), line + "\n",
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      }
    }
  }

  private static Map<String, Long> threadCpu() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    Map<String, Long> m = new java.util.HashMap<>();
    for (java.lang.management.ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (ti != null) {
        long t = mx.getThreadCpuTime(ti.getThreadId());
        if (t > 0) {
          m.merge(ti.getThreadName() + "#" + ti.getThreadId(), t, Long::sum);
        }
      }
    }
    return m;
  }

  private static long cpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
  }

  private double xargs() throws IOException, InterruptedException {
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder("/bin/sh", "-c", "seq " + TASKS + " | xargs -P 2 -n 1 /bin/true")
            .inheritIO()
            .start();
    p.waitFor();
    return TASKS / ((System.nanoTime() - start) / 1e9);
  }

  private double worker(SandboxMode mode, int prefetch) throws Exception {
    try (TestingDispatcher d = TestingDispatcher.start()) {
      d.heartbeatIntervalMs(1000);
      DataRef app = d.putData(TestingApps.zip(Map.of("README", "true\n")), "true.zip");
      WorkerNodeSettings s =
          WorkerNodeSettings.fromConfig(ConfigFactory.load())
              .withDispatcher(d.url())
              .withToken(TestingDispatcher.ENROLMENT_TOKEN)
              .withWorkDir(tmp.resolve("w-" + mode + "-" + prefetch))
              .withSlots(Integer.getInteger("xw.bench.slots", 2))
              .withPrefetch(prefetch)
              .withSandbox(mode);
      WorkerNode node = WorkerNode.start(s);
      try {
        // Warm up.
        for (int i = 0; i < 200; i++) {
          d.addTask(TestingApps.assignment("warm", i, app, List.of("/bin/true"), List.of(), List.of()));
        }
        eventually(Duration.ofMinutes(2), () -> d.resultCount() == 200, () -> "warm-up");
        int calls0 = d.calls().size();
        int results0 = d.resultCalls().size();
        long cpu0 = cpuNanos();
        Map<String, Long> threads0 = threadCpu();
        long start = System.nanoTime();
        for (int i = 0; i < TASKS; i++) {
          d.addTask(TestingApps.assignment("bench", i, app, List.of("/bin/true"), List.of(), List.of()));
        }
        eventually(Duration.ofMinutes(5), () -> d.resultCount() == 200 + TASKS, () -> "bench " + d.resultCount());
        double rate = TASKS / ((System.nanoTime() - start) / 1e9);
        long cpu = cpuNanos() - cpu0;
        Map<String, Long> threads1 = threadCpu();
        Map<String, Long> perGroup = new java.util.TreeMap<>();
        threads1.forEach((k, v) -> perGroup.merge(k.replaceAll("#.*", "").replaceAll("[0-9]+", "N"), v - threads0.getOrDefault(k, 0L), Long::sum));
        StringBuilder groups = new StringBuilder();
        perGroup.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(8)
            .forEach(e -> groups.append(String.format(" %s=%.3f", e.getKey(), e.getValue() / 1e6 / TASKS)));
        java.nio.file.Files.writeString(Path.of("target", "bench.txt"), "  thread CPU ms/task:" + groups + "\n",
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        List<TestingDispatcher.Call> calls = d.calls().subList(calls0, d.calls().size());
        String line =
            String.format(
                "bench: %s prefetch=%d: JVM CPU %.3f ms/task (worker + testing dispatcher), %.2f work calls/task, %.2f results calls/task, %.2f status calls/task",
                mode, prefetch, cpu / 1e6 / TASKS,
                calls.stream().filter(c -> c.action().equals("work")).count() / (double) TASKS,
                (d.resultCalls().size() - results0) / (double) TASKS,
                calls.stream().filter(c -> c.action().equals("status")).count() / (double) TASKS);
        java.nio.file.Files.writeString(Path.of("target", "bench.txt"), line + "\n",
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return rate;
      } finally {
        node.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    }
  }
}
