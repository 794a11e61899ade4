package org.xwgrid.launcher;

import java.util.concurrent.Callable;
import org.xwgrid.client.cli.ClientCli;
import org.xwgrid.dispatcher.DispatcherCommand;
import org.xwgrid.worker.WorkerCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code xw}: every role of xwgrid from one jar. */
@Command(
    name = "xw",
    mixinStandardHelpOptions = true,
    version = "xwgrid 0.1.0",
    description = "xwgrid: a desktop grid. Run a dispatcher, join workers, submit and follow jobs.",
    subcommands = {DispatcherCommand.class, WorkerCommand.class, DemoCommand.class, BenchCommand.class, SimulateCommand.class,
        org.xwgrid.oracle.cli.ChainCommand.class})
public final class Xw implements Callable<Integer> {

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Xw());
    for (Object sub : ClientCli.subcommands()) {
      cl.addSubcommand(sub);
    }
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
