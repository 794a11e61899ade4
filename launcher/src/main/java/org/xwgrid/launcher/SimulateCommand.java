package org.xwgrid.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.xwgrid.client.internal.Table;
import org.xwgrid.common.Json;
import org.xwgrid.common.poco.sim.Scenario;
import org.xwgrid.common.poco.sim.Simulation;
import org.xwgrid.common.poco.sim.SimulationResult;
import org.xwgrid.common.poco.sim.Strategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code xw simulate}: a seeded Monte Carlo run of PoCo's credibility vote (the dispatcher's own
 * code) beside m-first majority voting and BOINC's adaptive replication, on a grid with saboteurs.
 * Prints each strategy's error rate and replicas per finalized task as a table, or one JSON object
 * per line; {@code --plot} draws them; {@code --sweep} runs the grid of docs/poco.md. Bad options
 * exit 2, an unwritable plot file exits 1.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Simulate result certification on a grid with saboteurs: PoCo credibility voting, m-first majority voting and"
          + " BOINC adaptive replication, on the same seed. Prints the error rate (finalized wrong results / finalized)"
          + " and the replicas per finalized task of each strategy."
    })
public final class SimulateCommand implements Callable<Integer> {
  /** The grid of {@code --sweep}: saboteur fractions, sabotage rates and trusts. */
  static final double[] SWEEP_SABOTEURS = {0.1, 0.2, 0.3, 0.4};
  static final double[] SWEEP_RATES = {0.1, 1};
  static final long[] SWEEP_TRUSTS = {10, 100, 1000};

  @Spec CommandSpec spec;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "100", description = "Workers (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--saboteurs", paramLabel = "F", defaultValue = "0.2",
      description = "Fraction of the workers that are saboteurs, in [0, 1) (default ${DEFAULT-VALUE}).")
  double saboteurs;

  @Option(names = "--sabotage-rate", paramLabel = "S", defaultValue = "1",
      description = "Probability that a saboteur's replica is wrong, in [0, 1] (default ${DEFAULT-VALUE}).")
  double sabotageRate;

  @Option(names = "--collude", description = "Saboteurs return the same wrong result (otherwise every wrong result differs).")
  boolean collude;

  @Option(names = "--trust", paramLabel = "T", defaultValue = "100",
      description = "PoCo trust: credibility must exceed 1 - 1/T (default ${DEFAULT-VALUE}).")
  long trust;

  @Option(names = "--tasks", paramLabel = "M", defaultValue = "10000", description = "Tasks, run one after another (default ${DEFAULT-VALUE}).")
  int tasks;

  @Option(names = "--seed", paramLabel = "K", defaultValue = "1", description = "Seed of every random draw (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--strategies", paramLabel = "LIST", split = ",", defaultValue = "credibility,majority2,majority3,majority5,boinc",
      description = "Comma-separated, among credibility, majority2, majority3, majority5, boinc (default: all)."
          + " majorityM hands out replicas until M results agree; boinc is BOINC's adaptive replication.")
  List<String> strategies;

  @Option(names = "--sweep",
      description = "Run every combination of saboteurs 0.1, 0.2, 0.3, 0.4, sabotage rate 0.1, 1 and trust 10, 100, 1000"
          + " (then --saboteurs, --sabotage-rate and --trust are not allowed).")
  boolean sweep;

  @Option(names = "--json", description = "Print one JSON object per strategy (and scenario), one per line.")
  boolean json;

  @Option(names = "--plot", paramLabel = "FILE.png", description = "Also draw error rate and replicas per task into this PNG file.")
  Path plot;

  @Override
  public Integer call() throws IOException {
    List<Strategy> chosen = strategies();
    List<Scenario> scenarios = scenarios();
    List<SimulationResult> results = new ArrayList<>();
    for (Scenario s : scenarios) {
      results.addAll(Simulation.run(s, chosen));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      for (SimulationResult r : results) {
        out.println(Json.mapper().writeValueAsString(r));
      }
    } else {
      printTable(out, scenarios, results);
    }
    out.flush();
    if (plot != null) {
      try {
        SimulationPlot.write(plot, results, sweep);
      } catch (IOException e) {
        spec.commandLine().getErr().println("xw simulate: cannot write " + plot + ": " + e.getMessage());
        return 1;
      }
      if (!json) {
        out.println("plot written to " + plot);
      }
    }
    return 0;
  }

  private List<Strategy> strategies() {
    Set<Strategy> chosen = new LinkedHashSet<>();
    for (String name : strategies) {
      try {
        chosen.add(Strategy.of(name));
      } catch (IllegalArgumentException e) {
        throw usage(e.getMessage());
      }
    }
    return List.copyOf(chosen);
  }

  /** The scenario of the options, or the sweep's grid; usage errors name the option at fault. */
  private List<Scenario> scenarios() {
    if (workers < 1) {
      throw usage("--workers must be at least 1, not " + workers);
    }
    if (tasks < 1) {
      throw usage("--tasks must be at least 1, not " + tasks);
    }
    if (!sweep) {
      if (!(saboteurs >= 0 && saboteurs < 1)) {
        throw usage("--saboteurs is a fraction in [0, 1), not " + saboteurs);
      }
      if (!(sabotageRate >= 0 && sabotageRate <= 1)) {
        throw usage("--sabotage-rate is a probability in [0, 1], not " + sabotageRate);
      }
      if (trust < 1) {
        throw usage("--trust must be at least 1, not " + trust);
      }
      return List.of(new Scenario(workers, saboteurs, sabotageRate, collude, trust, tasks, seed));
    }
    for (String fixed : List.of("--saboteurs", "--sabotage-rate", "--trust")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(fixed)) {
        throw usage("--sweep sets " + fixed + " itself: leave it out");
      }
    }
    List<Scenario> grid = new ArrayList<>();
    for (double f : SWEEP_SABOTEURS) {
      for (double s : SWEEP_RATES) {
        for (long t : SWEEP_TRUSTS) {
          grid.add(new Scenario(workers, f, s, collude, t, tasks, seed));
        }
      }
    }
    return grid;
  }

  private static void printTable(PrintWriter out, List<Scenario> scenarios, List<SimulationResult> results) {
    Scenario first = scenarios.get(0);
    String who =
        scenarios.size() == 1
            ? "of which " + first.saboteurCount() + " saboteurs (f = " + num(first.saboteurs()) + ")"
            : "a fraction f of them saboteurs";
    String how = first.collude() ? "colluding: their wrong results agree" : "not colluding: their wrong results all differ";
    out.printf(Locale.ROOT, "%d workers %s, %s; %d tasks per run, one after another; seed %d%n",
        first.workers(), who, how, first.tasks(), first.seed());
    out.println("s = probability that a saboteur's replica is wrong; error rate = wrong / finalized;"
        + " replicas/task = replicas handed out / finalized");
    Table t = new Table("F", "S", "TRUST", "1/TRUST", "STRATEGY", "ERROR RATE", "WRONG", "FINALIZED", "UNFINALIZED", "REPLICAS/TASK");
    for (SimulationResult r : results) {
      t.row(num(r.saboteurs()), num(r.sabotageRate()), r.trust(), num(1.0 / r.trust()), r.strategy(), rate(r.errorRate()),
          r.wrong(), r.finalized(), r.unfinalized(), String.format(Locale.ROOT, "%.3f", r.replicasPerTask()));
    }
    t.print(out);
  }

  /** An error rate: 0, or three significant digits in scientific notation. */
  static String rate(double x) {
    if (Double.isNaN(x)) {
      return "-";
    }
    return x == 0 ? "0" : String.format(Locale.ROOT, "%.2e", x);
  }

  private static String num(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : String.format(Locale.ROOT, "%s", x);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
