package org.xwgrid.oracle.cli;

import java.nio.file.Path;
import org.xwgrid.oracle.chain.ChainValues;
import org.xwgrid.oracle.market.TaskResults;
import org.xwgrid.oracle.market.TaskView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code xw chain task show|claim TASKID}: a task as the hub has it, its results, its refund. */
@Command(name = "task", mixinStandardHelpOptions = true, description = "Tasks of deals on chain.",
    subcommands = {TaskCommand.Show.class, TaskCommand.Claim.class})
final class TaskCommand extends GroupCommand {

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "The task TASKID: status, deadlines, consensus, results; --download fetches a completed task's results.")
  static final class Show extends MarketCommand {
    @Parameters(index = "0", paramLabel = "TASKID") String taskId;

    @Option(names = "--download", paramLabel = "DIR", description = "Download and unzip the results into DIR (new or empty).")
    Path download;

    @Override
    public Integer call() {
      return reading(market -> {
        TaskView task = market.task(ChainValues.bytes32("TASKID", taskId));
        if (download != null) {
          download(task, download);
        }
        print(task, out -> {
          DealCommand.print(out, task);
          if (download != null) {
            out.println("results in " + download);
          }
        });
        return 0;
      });
    }
  }

  /**
   * Downloads a completed task's results into {@code dir}; refuses a task without results and
   * results that are not the ones the task certified (their digest is not the task's).
   */
  static void download(TaskView task, Path dir) throws java.io.IOException {
    if (task.status() != TaskView.Status.COMPLETED) {
      throw new IllegalArgumentException("the task " + task.taskId() + " is " + task.status() + ": only a COMPLETED task has results");
    }
    TaskResults results = task.results();
    if (results == null) {
      throw new IllegalArgumentException("the task " + task.taskId() + "'s results are not xwgrid's: " + task.rawResults());
    }
    if (!results.digest().equals(task.resultDigest())) {
      throw new IllegalArgumentException("the task " + task.taskId() + "'s results name the digest " + results.digest()
          + ", not the certified " + task.resultDigest());
    }
    results.download(dir);
  }

  @Command(name = "claim", mixinStandardHelpOptions = true,
      description = "Fails the task TASKID past its final deadline and refunds its requester (anyone may).")
  static final class Claim extends MarketCommand {
    @Parameters(index = "0", paramLabel = "TASKID") String taskId;

    @Option(names = "--deal", paramLabel = "DEALID", description = "The task's deal: needed if nobody initialized the task.")
    String dealId;

    @Override
    public Integer call() {
      return signed(market -> {
        TaskView task = market.claim(ChainValues.bytes32("TASKID", taskId),
            dealId == null ? null : ChainValues.bytes32("--deal", dealId));
        print(task, out -> out.println("claimed " + task.taskId() + ": " + task.status()
            + "; its requester's payment is back in its escrow"));
        return 0;
      });
    }
  }
}
