package org.xwgrid.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xw bench exec}, small: a real grid runs {@code /bin/true} tasks and the command ends with
 * its {@code RESULT} lines, rates and CPU per task. Not a timing test: it checks the figures exist
 * and are sane, never their size.
 */
class BenchExecIT {
  private static final Pattern RESULT = Pattern.compile("(?m)^RESULT (\\S+) (\\S+) (\\S+)$");

  @Test
  void shouldMeasureRealTasksBesideXargsAndEndWithItsFigures(@TempDir Path tmp) throws Exception {
    // its own temp folder (the grid's journal and logs) is gone once it succeeded
    GridFixture.Run run =
        GridFixture.xw(Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp), Duration.ofMinutes(5),
            "bench", "exec", "--tasks", "40", "--warmups", "1", "--warmup-seconds", "0");
    assertEquals(0, run.exit(), run.out() + run.err());
    assertTrue(run.err().contains("Picked up JAVA_TOOL_OPTIONS: -Djava.io.tmpdir=" + tmp), "it ran with that temp folder: " + run.err());
    try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(tmp)) {
      assertEquals(java.util.List.of(), left.filter(p -> p.getFileName().toString().startsWith("xwgrid-bench-")).toList());
    }
    Map<String, Double> r = new HashMap<>();
    Matcher m = RESULT.matcher(run.out());
    while (m.find()) {
      r.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    for (String rate : new String[] {"exec_xargs", "exec_grid_plain", "exec_ratio_plain"}) {
      assertTrue(r.getOrDefault(rate, 0.0) > 0, rate + " in " + run.out());
    }
    assertEquals(r.get("exec_grid_plain") / r.get("exec_xargs"), r.get("exec_ratio_plain"), 0.01, run.out());
    assertTrue(r.get("exec_cpu_plain_tasks") > 0, "the tasks' processes took CPU: " + run.out());
    assertTrue(r.get("exec_cpu_plain_worker") > 0 && r.get("exec_cpu_plain_dispatcher") > 0, run.out());
    assertTrue(r.get("exec_cpu_plain_worker_jit") <= r.get("exec_cpu_plain_worker"), "JIT time is part of the JVM's: " + run.out());
  }
}
