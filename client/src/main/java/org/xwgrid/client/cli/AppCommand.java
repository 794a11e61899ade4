package org.xwgrid.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code xw app add DIR} and {@code xw app list}. */
@Command(
    name = "app",
    description = "Register and list applications.",
    subcommands = {AppAddCommand.class, AppListCommand.class})
public final class AppCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: add or list");
  }
}
