package org.xwgrid.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.common.Json;

/** {@code xw simulate} as a real process of the fat jar: JSON lines, table, PNG plots, usage errors. */
class SimulateCommandIT {
  private static final Duration T = Duration.ofMinutes(1);
  private static final String[] SCENARIO = {
    "simulate", "--workers", "50", "--saboteurs", "0.2", "--sabotage-rate", "1", "--collude", "--trust", "100",
    "--tasks", "2000", "--seed", "7"
  };

  private static GridFixture.Run xw(String... args) throws Exception {
    return GridFixture.xw(Map.of(), T, args);
  }

  private static String[] with(String[] base, String... more) {
    List<String> all = new ArrayList<>(List.of(base));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Test
  void shouldPrintOneJsonObjectPerStrategy() throws Exception {
    GridFixture.Run run = xw(with(SCENARIO, "--json"));
    assertEquals(0, run.exit(), run.err());
    List<String> lines = run.lines();
    assertEquals(5, lines.size(), run.out());
    List<String> strategies = new ArrayList<>();
    for (String line : lines) {
      JsonNode r = Json.mapper().readTree(line);
      strategies.add(r.get("strategy").asText());
      assertEquals(0.2, r.get("saboteurs").asDouble(), line);
      assertEquals(1.0, r.get("sabotageRate").asDouble(), line);
      assertEquals(100, r.get("trust").asLong(), line);
      assertEquals(2000, r.get("tasks").asInt(), line);
      double error = r.get("errorRate").asDouble();
      assertTrue(error >= 0 && error <= 1, line);
      assertEquals((double) r.get("wrong").asLong() / r.get("finalized").asLong(), error, 1e-12, line);
      assertTrue(r.get("replicasPerTask").asDouble() >= 1, line);
    }
    assertEquals(List.of("credibility", "majority2", "majority3", "majority5", "boinc"), strategies);
    assertEquals(run.out(), xw(with(SCENARIO, "--json")).out(), "the same seed gives the same numbers");
    GridFixture.Run two = xw(with(SCENARIO, "--json", "--strategies", "boinc,credibility"));
    assertEquals(2, two.lines().size(), two.out());
    assertTrue(two.lines().get(0).contains("\"strategy\":\"boinc\""), two.out());
  }

  @Test
  void shouldPrintATableByDefault() throws Exception {
    GridFixture.Run run = xw(SCENARIO);
    assertEquals(0, run.exit(), run.err());
    assertTrue(run.out().contains("ERROR RATE"), run.out());
    assertTrue(run.out().contains("REPLICAS/TASK"), run.out());
    for (String s : List.of("credibility", "majority2", "majority3", "majority5", "boinc")) {
      assertTrue(run.out().lines().anyMatch(l -> l.contains(" " + s + " ")), s + " in " + run.out());
    }
  }

  @Test
  void shouldDrawThePlotsAsPng(@TempDir Path dir) throws Exception {
    Path one = dir.resolve("one.png");
    GridFixture.Run run = xw(with(SCENARIO, "--plot", one.toString()));
    assertEquals(0, run.exit(), run.err());
    assertPng(one, 800, 250);

    Path sweep = dir.resolve("sweep.png");
    GridFixture.Run grid = xw("simulate", "--sweep", "--collude", "--workers", "30", "--tasks", "200", "--json", "--plot", sweep.toString());
    assertEquals(0, grid.exit(), grid.err());
    assertEquals(4 * 2 * 3 * 5, grid.lines().size(), "a line per strategy and scenario, nothing else: " + grid.out());
    assertPng(sweep, 1600, 750);
  }

  private static void assertPng(Path file, int minWidth, int minHeight) throws Exception {
    BufferedImage image = ImageIO.read(file.toFile());
    assertTrue(image != null, file + " is not an image");
    assertTrue(image.getWidth() >= minWidth && image.getWidth() <= 4000, "width " + image.getWidth());
    assertTrue(image.getHeight() >= minHeight && image.getHeight() <= 3000, "height " + image.getHeight());
    assertTrue(Files.size(file) < 200 * 1024, file + " is " + Files.size(file) + " bytes");
  }

  @Test
  void shouldRejectBadInputWithExitCodeTwo() throws Exception {
    usageError("--saboteurs is a fraction in [0, 1), not 1.0", "simulate", "--saboteurs", "1");
    usageError("--saboteurs is a fraction in [0, 1), not -0.1", "simulate", "--saboteurs", "-0.1");
    usageError("--sabotage-rate is a probability in [0, 1], not 1.5", "simulate", "--sabotage-rate", "1.5");
    usageError("--trust must be at least 1, not 0", "simulate", "--trust", "0");
    usageError("unknown strategy 'majority4': known are credibility, majority2, majority3, majority5, boinc",
        "simulate", "--strategies", "credibility,majority4");
    usageError("--tasks must be at least 1", "simulate", "--tasks", "0");
    usageError("Invalid value for option '--trust'", "simulate", "--trust", "lots");
    usageError("--sweep sets --trust itself", "simulate", "--sweep", "--trust", "10");
  }

  @Test
  void shouldFailWithOneLineWhenThePlotCannotBeWritten(@TempDir Path dir) throws Exception {
    GridFixture.Run run = xw("simulate", "--tasks", "10", "--plot", dir.resolve("missing/plot.png").toString());
    assertEquals(1, run.exit(), run.out() + run.err());
    assertTrue(run.err().startsWith("xw simulate: cannot write "), run.err());
  }

  private static void usageError(String message, String... args) throws Exception {
    GridFixture.Run run = xw(args);
    assertEquals(2, run.exit(), String.join(" ", args) + ": " + run.out() + run.err());
    assertTrue(run.err().contains(message), "expected '" + message + "' in: " + run.err());
    assertEquals("", run.out(), "nothing on stdout");
  }
}
