package org.xwgrid.client.cli;

import java.io.IOException;
import org.xwgrid.client.internal.Views;
import org.xwgrid.common.api.ClientApi.JobView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xw cancel JOB}. */
@Command(name = "cancel", description = "Cancel a job: its tasks that are not finished are cancelled.")
public final class CancelCommand extends GridCommand {

  @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
  String jobId;

  @Option(names = "--json", description = "Print the dispatcher's JSON (the JobView after cancelling).")
  boolean json;

  @Override
  protected int run() throws IOException {
    requireToken();
    JobView job = client().cancelJob(jobId);
    if (json) {
      printJson(job);
    } else {
      out().println(("CANCELLED".equals(job.state()) ? "cancelled " : "already finished, nothing to cancel: ")
          + Views.summary(job));
    }
    return 0;
  }
}
