package org.xwgrid.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xwgrid.client.Fixtures;
import org.xwgrid.client.TestingGateway;
import org.xwgrid.common.api.ClientApi.JobList;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class ClientCliTest {
  private static final Set<String> READ_COMMANDS =
      Set.of("app list", "status", "results", "jobs", "tasks", "workers", "account show", "account list");

  @AfterEach
  void clearProperties() {
    System.clearProperty("XW_DISPATCHER");
    System.clearProperty("XW_TOKEN");
  }

  /** Every leaf command under xw, by its name without "xw ". */
  private static Map<String, CommandSpec> leaves() {
    Map<String, CommandSpec> out = new TreeMap<>();
    collect(Xw.commandLine(), out);
    return out;
  }

  private static void collect(CommandLine cl, Map<String, CommandSpec> out) {
    if (cl.getSubcommands().isEmpty()) {
      out.put(cl.getCommandSpec().qualifiedName().substring("xw ".length()), cl.getCommandSpec());
    }
    cl.getSubcommands().values().forEach(sub -> collect(sub, out));
  }

  @Test
  void shouldOfferTheClientCommandsAsNewObjects() {
    List<String> names = ClientCli.subcommands().stream()
        .map(c -> c.getClass().getAnnotation(CommandLine.Command.class).name())
        .collect(Collectors.toList());
    assertEquals(List.of("app", "submit", "status", "results", "cancel", "jobs", "tasks", "workers", "user", "account"), names);
    assertNotSame(ClientCli.subcommands().get(0), ClientCli.subcommands().get(0));
    assertEquals(Set.of("app add", "app list", "submit", "status", "results", "cancel", "jobs", "tasks", "workers", "user add",
            "account show", "account list", "account deposit"),
        leaves().keySet());
  }

  @Test
  void shouldGiveEveryCommandDispatcherAndTokenAndEveryReadCommandJson() {
    leaves().forEach((name, spec) -> {
      assertTrue(spec.findOption("--dispatcher") != null, name + " has --dispatcher");
      assertTrue(spec.findOption("--token") != null, name + " has --token");
      assertTrue(spec.findOption("--help") != null, name + " has --help");
      if (READ_COMMANDS.contains(name)) {
        assertTrue(spec.findOption("--json") != null, name + " has --json");
      }
    });
  }

  @Test
  void shouldPrintHelpForEveryCommand() {
    for (String name : leaves().keySet()) {
      List<String> args = new java.util.ArrayList<>(List.of(name.split(" ")));
      args.add("--help");
      Xw.Run run = Xw.raw(args.toArray(String[]::new));
      assertEquals(0, run.exit(), name + ": " + run);
      assertTrue(run.out().startsWith("Usage: xw " + name), run.out());
    }
  }

  @Test
  void shouldTakeDispatcherAndTokenFromTheEnvironmentNames() {
    try (TestingGateway gateway = TestingGateway.start()) {
      gateway.json("GET", "/api/v1/jobs", 200, new JobList(List.of(Fixtures.job("j1", "RUNNING", 1, 1))));
      // picocli resolves ${XW_DISPATCHER} from a system property first, then the environment
      System.setProperty("XW_DISPATCHER", gateway.url());
      System.setProperty("XW_TOKEN", "from-env");
      Xw.Run run = Xw.raw("jobs");
      assertEquals(0, run.exit(), run.toString());
      assertEquals("Bearer from-env", gateway.only("GET", "/api/v1/jobs").authorization());
    }
  }

  @Test
  void shouldDefaultToTheLocalDispatcher() {
    GridOptions options = new GridOptions();
    new CommandLine(new Object() {
      @CommandLine.Mixin GridOptions grid = options;
    }).parseArgs();
    if (System.getenv("XW_DISPATCHER") == null) {
      assertEquals("http://127.0.0.1:8080", options.dispatcher());
    }
  }
}
