package org.xwgrid.client.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarStyle;
import org.xwgrid.client.GridClientException;
import org.xwgrid.client.internal.Views;
import org.xwgrid.common.api.ClientApi.JobView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xw status JOB [--watch] [--json] [--interval-ms N]}: the job's state and per-state task
 * counts; with {@code --watch}, a progress bar on stderr until the job is finished, then the summary,
 * and exit 0 only if the job COMPLETED.
 */
@Command(
    name = "status",
    description =
        "Show a job's state and task counts. With --watch, show a progress bar until the job is"
            + " finished, then exit 0 if it COMPLETED and 1 if it FAILED or was CANCELLED.")
public final class StatusCommand extends GridCommand {
  /** How long --watch keeps polling through an unreachable or unavailable dispatcher. */
  static final Duration OUTAGE_TOLERANCE = Duration.ofSeconds(60);

  @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
  String jobId;

  @Option(names = "--watch", description = "Follow the job until it is finished.")
  boolean watch;

  @Option(names = "--json", description = "Print the dispatcher's JSON (a JobView); with --watch, once finished.")
  boolean json;

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
    if (json) {
      printJson(job);
    } else {
      out().println(Views.summary(job));
    }
    if (!watch) {
      return 0;
    }
    return "COMPLETED".equals(job.state()) ? 0 : 1;
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
