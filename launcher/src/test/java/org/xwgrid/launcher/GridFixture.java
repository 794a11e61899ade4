package org.xwgrid.launcher;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.TaskView;

/** What the integration tests share: script apps, waiting on a job, running xw as a process. */
final class GridFixture {
  private GridFixture() {}

  /**
   * Registers a native app whose entrypoint is a shell script: it writes its arguments to
   * {@code output/args.txt}, then runs {@code body} (e.g. {@code sleep 0.2}).
   */
  static AppView scriptApp(GridClient client, Path dir, String name, String body) throws IOException {
    Path app = Files.createDirectories(dir.resolve("app-" + name));
    Files.writeString(
        app.resolve("run.sh"),
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$XW_OUTPUT_DIR/args.txt\"\n" + body + "\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(app.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(
        app.resolve("xwapp.json"),
        "{\"name\":\"" + name + "\",\"version\":\"1\",\"kind\":\"native\",\"entrypoint\":[\"/bin/sh\",\"{app}/run.sh\"],"
            + "\"files\":{\"run.sh\":\"run.sh\"}}");
    return client.registerAppFolder(app);
  }

  static JobView awaitJob(GridClient client, String jobId, Duration timeout, Predicate<JobView> done)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    JobView last = null;
    while (System.nanoTime() < end) {
      try {
        last = client.getJob(jobId);
        if (done.test(last)) {
          return last;
        }
      } catch (RuntimeException dispatcherRestarting) {
        // keep asking
      }
      Thread.sleep(250);
    }
    fail("job " + jobId + " did not get there within " + timeout + "; last seen " + last);
    return last;
  }

  static JobView awaitFinished(GridClient client, String jobId, Duration timeout) throws InterruptedException {
    return awaitJob(client, jobId, timeout, j -> !"RUNNING".equals(j.state()));
  }

  static List<TaskView> tasks(GridClient client, String jobId, int n) {
    List<TaskView> all = new ArrayList<>();
    for (int from = 0; from < n; from += 1000) {
      all.addAll(client.listTasks(jobId, from, 1000).tasks());
    }
    return all;
  }

  static int count(JobView job, String state) {
    Map<String, Integer> c = job.counts();
    return c.getOrDefault(state, 0);
  }

  /** The result of running {@code xw ARGS} as a process. */
  record Run(int exit, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }

    String lastLine() {
      List<String> l = lines();
      return l.isEmpty() ? "" : l.get(l.size() - 1);
    }
  }

  static Run xw(Map<String, String> env, Duration timeout, String... args) throws IOException, InterruptedException {
    List<String> cmd = LocalGrid.java(List.of("-Xmx256m"));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile("xw-out", ".txt");
    Path err = Files.createTempFile("xw-err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().putAll(env);
    pb.environment().put("XW_PEKKO_LOG", "WARN");
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      fail("xw " + String.join(" ", args) + " did not end within " + timeout + ": " + Files.readString(err));
    }
    Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }
}
