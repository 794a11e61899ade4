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
    commonPoolOfTwoAtLeast();
    System.exit(commandLine().execute(args));
  }

  private static final String COMMON_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  /**
   * On one or two cores the JDK's common pool has a single thread, and {@code CompletableFuture}
   * then runs every asynchronous stage on a thread of its own, started for it. Scala's
   * completion stages, which every Pekko ask returns, make even {@code thenApply} asynchronous: a
   * dispatcher on two cores started a thread per worker request. Two threads end that. Set before
   * the pool exists, unless the JVM was given a value.
   */
  static void commonPoolOfTwoAtLeast() {
    if (System.getProperty(COMMON_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < 3) {
      System.setProperty(COMMON_PARALLELISM, "2");
    }
  }
}
