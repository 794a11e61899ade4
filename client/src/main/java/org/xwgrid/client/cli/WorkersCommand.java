package org.xwgrid.client.cli;

import java.io.IOException;
import org.xwgrid.client.internal.Table;
import org.xwgrid.client.internal.Views;
import org.xwgrid.common.api.ClientApi.WorkerList;
import org.xwgrid.common.api.ClientApi.WorkerView;
import org.xwgrid.common.poco.Poco;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xw workers [--json]}: a table of id, name, status, cores, memory, slots, running, PoCo
 * score and weight, address prefix, last seen.
 */
@Command(name = "workers", description = "List the worker nodes.")
public final class WorkersCommand extends GridCommand {

  @Option(names = "--json", description = "Print the dispatcher's JSON (a WorkerList).")
  boolean json;

  @Override
  protected int run() throws IOException {
    requireToken();
    WorkerList workers = client().listWorkers();
    if (json) {
      printJson(workers);
      return 0;
    }
    if (workers.workers() == null || workers.workers().isEmpty()) {
      out().println("no workers");
      return 0;
    }
    Table t = new Table("ID", "NAME", "STATUS", "CORES", "MEMORY", "SLOTS", "RUNNING", "SCORE", "WEIGHT", "ADDRESS", "LAST SEEN", "ACTIVITY");
    for (WorkerView w : workers.workers()) {
      var c = w.capabilities();
      t.row(w.id(), w.name(), w.status(), c == null ? null : c.cores(), c == null ? null : Views.memoryMb(c.memoryMb()),
          w.slots(), w.running(), w.score(), Poco.weight(w.score()), Views.shortAddress(w.address()), Views.time(w.lastSeen()),
          w.activity());
    }
    t.print(out());
    return 0;
  }
}
