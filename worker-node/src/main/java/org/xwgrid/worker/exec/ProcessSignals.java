package org.xwgrid.worker.exec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops and continues a process tree with SIGSTOP and SIGCONT, for tasks without a cgroup freezer.
 * Java has no call for these signals, so this runs {@code kill(1)}.
 */
final class ProcessSignals {
  private static final Logger log = LoggerFactory.getLogger(ProcessSignals.class);
  private static final int ROUNDS = 5;

  private ProcessSignals() {}

  /**
   * Stops {@code root} and its descendants: the root first, then its descendants, again until no
   * new process shows up (one forked between the listing and the signal is caught next round).
   */
  static void stopTree(ProcessHandle root) {
    Set<Long> stopped = new LinkedHashSet<>();
    for (int round = 0; round < ROUNDS; round++) {
      List<Long> fresh = new ArrayList<>();
      if (stopped.add(root.pid())) {
        fresh.add(root.pid());
      }
      root.descendants().forEach(h -> {
        if (stopped.add(h.pid())) {
          fresh.add(h.pid());
        }
      });
      if (fresh.isEmpty()) {
        return;
      }
      signal("STOP", fresh);
    }
  }

  /** Continues {@code root} and its descendants. */
  static void continueTree(ProcessHandle root) {
    List<Long> pids = new ArrayList<>();
    root.descendants().forEach(h -> pids.add(h.pid()));
    pids.add(root.pid());
    signal("CONT", pids);
  }

  private static void signal(String signal, List<Long> pids) {
    List<String> c = new ArrayList<>();
    c.add("kill");
    c.add("-" + signal);
    pids.forEach(p -> c.add(Long.toString(p)));
    try {
      Process p = new ProcessBuilder(c).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      log.warn("Cannot send SIG{} to {}: {}", signal, pids, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
