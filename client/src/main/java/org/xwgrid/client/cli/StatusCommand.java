package org.xwgrid.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarStyle;
import org.xwgrid.client.GridClientException;
import org.xwgrid.client.internal.Table;
import org.xwgrid.client.internal.Views;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.ClientApi.PocoView;
import org.xwgrid.common.api.ClientApi.ReplicaView;
import org.xwgrid.common.api.ClientApi.TaskView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xw status JOB [--watch] [--replicas] [--json] [--interval-ms N]}: the job's state and
 * per-state task counts, and its Proof-of-Contribution terms when it is certified; with {@code
 * --watch}, a progress bar on stderr until the job is finished, then the summary, and exit 0 only if
 * the job COMPLETED; with {@code --replicas}, every task too: a certified task's phase, credibility
 * against the threshold, consensus and uploader, and a table of its replicas.
 */
@Command(
    name = "status",
    description = {
      "Show a job's state and task counts, and its trust, category and price when it is certified."
          + " With --watch, show a progress bar until the job is finished, then exit 0 if it"
          + " COMPLETED and 1 if it FAILED or was CANCELLED.",
      "With --replicas, show every task as well: for a certified task its phase, the leading"
          + " result's credibility against the threshold 1 - 1/trust, the consensus hash, the"
          + " uploader and its replicas (attempt, worker, address, status, result hash, weight);"
          + " for a plain task its state."
    })
public final class StatusCommand extends GridCommand {
  /** What {@code --replicas --json} prints: the job and all its tasks, with their {@code poco}. */
  public record JobTasks(JobView job, List<TaskView> tasks) {}

  /** How long --watch keeps polling through an unreachable or unavailable dispatcher. */
  static final Duration OUTAGE_TOLERANCE = Duration.ofSeconds(60);

  @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
  String jobId;

  @Option(names = "--watch", description = "Follow the job until it is finished.")
  boolean watch;

  @Option(names = "--json",
      description = "Print the dispatcher's JSON (a JobView; with --replicas, {\"job\": JobView, \"tasks\": [TaskView]});"
          + " with --watch, once finished.")
  boolean json;

  @Option(names = "--replicas", description = "Show every task, and the replicas of each certified task.")
  boolean replicas;

  @Option(names = "--interval-ms", paramLabel = "N", defaultValue = "1000",
      description = "With --watch, milliseconds between two polls (default: ${DEFAULT-VALUE}).")
  long intervalMs;

  @Override
  protected int run() throws IOException, InterruptedException {
    if (intervalMs < 1) {
      throw usage("--interval-ms must be at least 1");
    }
    requireToken();
    JobView job = client().getJob(jobId);
    if (watch) {
      job = json ? follow(job, null) : followWithBar(job);
    }
    List<TaskView> tasks = replicas ? client().listAllTasks(jobId) : null;
    if (json) {
      printJson(replicas ? new JobTasks(job, tasks) : job);
    } else {
      out().println(Views.summary(job));
      String certification = Views.certification(job);
      if (certification != null) {
        out().println(certification);
      }
      if (replicas) {
        printTasks(tasks);
      }
    }
    if (!watch) {
      return 0;
    }
    return "COMPLETED".equals(job.state()) ? 0 : 1;
  }

  /** One line per task; under a certified task, the table of its replicas. */
  private void printTasks(List<TaskView> tasks) {
    if (tasks.isEmpty()) {
      out().println("no tasks");
      return;
    }
    for (TaskView task : tasks) {
      PocoView poco = task.poco();
      if (poco == null) {
        out().println("task " + task.index() + ": " + task.state() + " (not certified)");
        continue;
      }
      out().println("task " + task.index() + ": " + Views.poco(poco));
      if (poco.replicas() == null || poco.replicas().isEmpty()) {
        out().println("  no replicas yet");
        continue;
      }
      Table t = new Table("ATTEMPT", "WORKER", "ADDRESS", "STATUS", "RESULT HASH", "WEIGHT");
      for (ReplicaView r : poco.replicas()) {
        t.row(r.attempt(), r.worker(), Views.shortAddress(r.address()), r.status(), Views.hashPrefix(r.resultHash()),
            r.weight());
      }
      t.print(out(), "  ");
    }
  }

  private JobView followWithBar(JobView job) throws InterruptedException {
    PrintWriter err = err();
    try (ProgressBar bar = ProgressBar.builder()
        .setTaskName("job " + Views.shortSha(job.id()))
        .setInitialMax(Math.max(job.tasks(), 1))
        .setStyle(System.console() != null ? ProgressBarStyle.UNICODE_BLOCK : ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis((int) Math.min(Math.max(intervalMs, 100), 1000))
        .setConsumer(new DelegatingProgressBarConsumer(line -> {
          err.print('\r' + line);
          err.flush();
        }, terminalWidth()))
        .build()) {
      return follow(job, bar);
    } finally {
      err.println();
      err.flush();
    }
  }

  /** Polls until the job is finished, moving {@code bar} (if any) along. */
  private JobView follow(JobView job, ProgressBar bar) throws InterruptedException {
    long lastAnswer = System.nanoTime();
    boolean warned = false;
    while (true) {
      if (bar != null) {
        bar.maxHint(Math.max(job.tasks(), 1));
        bar.stepTo(Views.done(job));
        bar.setExtraMessage(job.state() + ", " + Views.count(job, "RUNNING") + " running, "
            + Views.count(job, "FAILED") + " failed");
      }
      if (Views.isFinished(job)) {
        return job;
      }
      Thread.sleep(intervalMs);
      try {
        job = client().getJob(jobId);
        lastAnswer = System.nanoTime();
        warned = false;
      } catch (GridClientException e) {
        boolean tolerated = e.isTransient()
            && Duration.ofNanos(System.nanoTime() - lastAnswer).compareTo(OUTAGE_TOLERANCE) < 0;
        if (!tolerated) {
          throw e;
        }
        if (!warned) {
          warn(e.getMessage() + "; still watching");
          warned = true;
        }
      }
    }
  }

  private static int terminalWidth() {
    try {
      String columns = System.getenv("COLUMNS");
      return columns == null ? 80 : Math.max(40, Integer.parseInt(columns.trim()));
    } catch (NumberFormatException e) {
      return 80;
    }
  }
}
