package org.xwgrid.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.Zips;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.ReplicaView;
import org.xwgrid.common.api.ClientApi.TaskView;

/**
 * What the sample-app demos share: a certified job's results fetched into {@code DIR/<task>/},
 * and each task's replicas checked to agree (one commitment per task, contributed by at least two
 * workers), so that a demo shows that replicas of a deterministic app reach the same digest.
 */
final class GridDemo {
  private GridDemo() {}

  /**
   * The demos' dispatcher option: certified tasks move on at heartbeats (the dispatcher asks for
   * reveals and uploads in its answers), so a demo's workers beat every second, not every 5 s.
   */
  static final String QUICK_HEARTBEATS = "-Dxwgrid.dispatcher.workers.heartbeat-interval=1s";

  /** One task's certification: how many replicas contributed, and the hash they all committed to. */
  record Agreement(int task, int replicas, String resultHash) {}

  /**
   * Downloads every task's result into {@code results/<task>/} and checks its replicas agreed;
   * throws {@link IllegalStateException} naming the first task that has no result or whose
   * replicas disagree.
   */
  static List<Agreement> fetchCertified(GridClient client, JobView job, Path results, PrintStream out)
      throws IOException {
    List<Agreement> agreements = new ArrayList<>();
    for (TaskView t : client.listAllTasks(job.id())) {
      if (!"COMPLETED".equals(t.state())) {
        throw new IllegalStateException("task " + t.index() + " is " + t.state() + ": " + t.errors());
      }
      Set<String> hashes = new LinkedHashSet<>();
      int contributed = 0;
      for (ReplicaView r : t.poco().replicas()) {
        if (r.resultHash() != null) {
          hashes.add(r.resultHash());
          contributed++;
        }
      }
      if (hashes.size() != 1 || contributed < 2) {
        throw new IllegalStateException("task " + t.index() + ": replicas committed to " + hashes + " (" + contributed + " replicas)");
      }
      Path dir = results.resolve(Integer.toString(t.index()));
      Path zip = results.resolve(t.index() + ".zip");
      Files.createDirectories(results);
      client.downloadResult(job.id(), t.index(), zip);
      Zips.unzip(zip, dir);
      Files.delete(zip);
      Agreement a = new Agreement(t.index(), contributed, hashes.iterator().next());
      agreements.add(a);
      out.printf("task %2d: %d replicas agree on %s…%n", a.task(), a.replicas(), a.resultHash().substring(0, 14));
    }
    return agreements;
  }

  /** Runs {@code java -jar jar args...} to its end, its output into {@code log}; fails on a non-zero exit. */
  static void runJar(Path jar, Path log, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(LocalGrid.javaBinary(), "-Djava.awt.headless=true", "-jar", jar.toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = p.waitFor();
    if (exit != 0) {
      throw new IllegalStateException(jar.getFileName() + " " + String.join(" ", args) + " exited with " + exit + ": " + Files.readString(log).strip());
    }
  }
}
