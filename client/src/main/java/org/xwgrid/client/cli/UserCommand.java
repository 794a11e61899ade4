package org.xwgrid.client.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code xw user add NAME}. */
@Command(name = "user", description = "Manage users (admin).", subcommands = {UserAddCommand.class})
public final class UserCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: add");
  }
}
