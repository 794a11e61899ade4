package org.xwgrid.client.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.xwgrid.client.TestingGateway;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Runs client commands the way the launcher will: under an {@code xw} root, capturing out and err. */
final class Xw {
  static final String TOKEN = "t0k3n";

  @Command(name = "xw", description = "Stands in for the launcher's top-level command.")
  static final class Root {}

  record Run(int exit, String out, String err) {
    List<String> outLines() {
      return out.isEmpty() ? List.of() : Arrays.asList(out.split("\\R"));
    }

    List<String> errLines() {
      return err.isEmpty() ? List.of() : Arrays.asList(err.split("\\R"));
    }

    String lastLine() {
      List<String> lines = outLines();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private Xw() {}

  static CommandLine commandLine() {
    CommandLine root = new CommandLine(new Root());
    for (Object command : ClientCli.subcommands()) {
      root.addSubcommand(command);
    }
    return root;
  }

  /** Runs {@code args} against {@code gateway} with the test token. */
  static Run run(TestingGateway gateway, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--dispatcher", gateway.url(), "--token", TOKEN));
    return raw(all.toArray(String[]::new));
  }

  /** Runs {@code args} as given. */
  static Run raw(String... args) {
    CommandLine root = commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    root.setOut(new PrintWriter(out, true));
    root.setErr(new PrintWriter(err, true));
    int exit = root.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
