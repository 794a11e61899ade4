package org.xwgrid.client.cli;

import java.io.IOException;
import org.xwgrid.client.internal.Table;
import org.xwgrid.client.internal.Views;
import org.xwgrid.common.api.ClientApi.JobList;
import org.xwgrid.common.api.ClientApi.JobView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xw jobs [--json]}: the caller's jobs. */
@Command(name = "jobs", description = "List your jobs.")
public final class JobsCommand extends GridCommand {

  @Option(names = "--json", description = "Print the dispatcher's JSON (a JobList).")
  boolean json;

  @Option(names = "--limit", paramLabel = "N", description = "Show your last N jobs (default: the dispatcher's, 100).")
  Integer limit;

  @Override
  protected int run() throws IOException {
    requireToken();
    if (limit != null && limit < 1) {
      throw usage("--limit must be at least 1");
    }
    JobList jobs = limit == null ? client().listJobs() : client().listJobs(limit);
    if (json) {
      printJson(jobs);
      return 0;
    }
    if (jobs.jobs() == null || jobs.jobs().isEmpty()) {
      out().println("no jobs");
      return 0;
    }
    Table t = new Table("ID", "NAME", "APP", "STATE", "TASKS", "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "SUBMITTED");
    for (JobView j : jobs.jobs()) {
      t.row(j.id(), j.name(), j.app(), j.state(), j.tasks(), Views.count(j, "PENDING"), Views.count(j, "RUNNING"),
          Views.count(j, "COMPLETED"), Views.count(j, "FAILED"), Views.count(j, "CANCELLED"), Views.time(j.submittedAt()));
    }
    t.print(out());
    return 0;
  }
}
