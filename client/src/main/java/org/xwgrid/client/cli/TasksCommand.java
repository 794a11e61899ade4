package org.xwgrid.client.cli;

import java.io.IOException;
import java.util.List;
import org.xwgrid.client.internal.Table;
import org.xwgrid.client.internal.Views;
import org.xwgrid.common.api.ClientApi.TaskList;
import org.xwgrid.common.api.ClientApi.TaskView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xw tasks JOB [--from N --limit N] [--json]}. */
@Command(name = "tasks", description = "List a job's tasks.")
public final class TasksCommand extends GridCommand {

  @Parameters(index = "0", paramLabel = "JOB", description = "The job id.")
  String jobId;

  @Option(names = "--from", paramLabel = "N", defaultValue = "0", description = "First task index (default: ${DEFAULT-VALUE}).")
  int from;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "Most tasks to list (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print the dispatcher's JSON (a TaskList).")
  boolean json;

  @Override
  protected int run() throws IOException {
    if (from < 0) {
      throw usage("--from must not be negative");
    }
    if (limit < 1) {
      throw usage("--limit must be at least 1");
    }
    requireToken();
    TaskList tasks = client().listTasks(jobId, from, limit);
    if (json) {
      printJson(tasks);
      return 0;
    }
    if (tasks.tasks() == null || tasks.tasks().isEmpty()) {
      out().println("no tasks from index " + from);
      return 0;
    }
    Table t = new Table("INDEX", "STATE", "ATTEMPTS", "WORKER", "RESULT", "CPU", "PEAK MEMORY", "LAST ERROR");
    for (TaskView task : tasks.tasks()) {
      List<String> errors = task.errors();
      t.row(task.index(), task.state(), task.attempts(), task.worker(), Views.dataRef(task.result()),
          task.cpuMs() == null ? null : String.format(java.util.Locale.ROOT, "%.1f s", task.cpuMs() / 1000.0),
          task.peakMemoryBytes() == null ? null : Views.size(task.peakMemoryBytes()),
          errors == null || errors.isEmpty() ? null : errors.get(errors.size() - 1));
    }
    t.print(out());
    return 0;
  }
}
