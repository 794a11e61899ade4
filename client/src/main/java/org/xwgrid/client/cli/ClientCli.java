package org.xwgrid.client.cli;

import java.util.List;

/**
 * The client commands of the {@code xw} launcher. The launcher owns the top-level {@code xw}
 * command and adds each of these with {@code commandLine.addSubcommand(command)}; each carries its
 * name in its {@code @Command} annotation.
 *
 * <pre>{@code
 * CommandLine xw = new CommandLine(new XwMain());
 * ClientCli.subcommands().forEach(xw::addSubcommand);
 * }</pre>
 */
public final class ClientCli {
  private ClientCli() {}

  /**
   * New instances of the client commands: {@code app} (with {@code add}, {@code list}), {@code
   * submit}, {@code status}, {@code results}, {@code cancel}, {@code jobs}, {@code tasks}, {@code
   * workers}, {@code user} (with {@code add}), {@code account} (with {@code show}, {@code list},
   * {@code deposit}).
   */
  public static List<Object> subcommands() {
    return List.of(
        new AppCommand(),
        new SubmitCommand(),
        new StatusCommand(),
        new ResultsCommand(),
        new CancelCommand(),
        new JobsCommand(),
        new TasksCommand(),
        new WorkersCommand(),
        new UserCommand(),
        new AccountCommand());
  }
}
