package org.xwgrid.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.Json;
import org.xwgrid.common.Zips;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xw demo}: an all-in-one grid (a dispatcher with its H2 journal in a temp folder and two
 * workers, each a real process) runs a vanitygen job to the end and prints what it found.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    subcommands = {DemoCommand.Mandelbrot.class, DemoCommand.Cartoon.class},
    description = "Start a local grid (dispatcher + 2 workers), run a vanitygen job for 1Lo over 16 tasks, print the keys found.")
public final class DemoCommand implements Callable<Integer> {

  /** {@code xw demo cartoon [IMAGE]}. */
  @Command(
      name = "cartoon",
      mixinStandardHelpOptions = true,
      description = "Turn IMAGE (default: the app's sample picture) into a cartoon with the cartoon app's Docker image"
          + " on a local grid (2 workers with a Docker engine, both must agree) and print the PNG's path."
          + " Needs a Docker engine (bin/xw starts one if it can).")
  static final class Cartoon implements Callable<Integer> {
    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", description = "A PNG or JPEG picture.")
    Path image;

    @Option(names = "--levels", defaultValue = "6", description = "Colour levels per channel, 2 to 16 (default ${DEFAULT-VALUE}).")
    int levels;

    @Option(names = "--dir", description = "Where the grid keeps its data and the cartoon (default: a new temp folder).")
    Path dir;

    @Override
    public Integer call() throws Exception {
      Path home = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("xwgrid-cartoon-");
      return new CartoonDemo(System.out, home).run(image == null ? null : image.toAbsolutePath(), levels);
    }
  }

  /** {@code xw demo mandelbrot}. */
  @Command(
      name = "mandelbrot",
      mixinStandardHelpOptions = true,
      description = "Render a large Mandelbrot image as tiles on a local grid (2 workers, each tile certified by both),"
          + " merge the tiles and print the PNG's path.")
  static final class Mandelbrot implements Callable<Integer> {
    @Option(names = "--width", defaultValue = "1600", description = "Image width in pixels (default ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", defaultValue = "1200", description = "Image height in pixels (default ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--columns", defaultValue = "4", description = "Tile columns (default ${DEFAULT-VALUE}).")
    int columns;

    @Option(names = "--rows", defaultValue = "4", description = "Tile rows (default ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--workers", defaultValue = "2", description = "Worker processes, at least 2 (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--dir", description = "Where the grid keeps its data and the image (default: a new temp folder).")
    Path dir;

    @Override
    public Integer call() throws Exception {
      if (workers < 2) {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--workers must be at least 2: each tile is certified by two");
      }
      Path home = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("xwgrid-mandelbrot-");
      return new MandelbrotDemo(System.out, home).run(width, height, columns, rows, workers);
    }
  }

  @Option(names = "--pattern", defaultValue = "1Lo", description = "Address prefix to search (default ${DEFAULT-VALUE}).")
  String pattern;

  @Option(names = "--tasks", defaultValue = "16", description = "Tasks the key space is split into (default ${DEFAULT-VALUE}).")
  int tasks;

  @Option(names = "--max-keys", defaultValue = "20000", description = "Keys tried per task (default ${DEFAULT-VALUE}).")
  long maxKeys;

  @Option(names = "--workers", defaultValue = "2", description = "Worker processes (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--dir", description = "Where the grid keeps its data (default: a new temp folder).")
  Path dir;

  @Option(names = "--chain", description = "Run the chain bridge instead: a local anvil chain, the hub, a grid with its oracle,"
      + " and a deal of 4 vanitygen tasks at trust 4 bought on chain; prints the deal, the finalize transactions and every balance.")
  boolean chain;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Path home = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("xwgrid-demo-");
    if (chain) {
      out.println("xwgrid chain demo (data in " + home + ")");
      return new ChainDemo(out, home).run(Math.max(workers, 4), pattern, maxKeys);
    }
    Path appDir = LocalGrid.root().resolve("sample-apps").resolve("vanitygen");
    out.println("xwgrid demo: starting a dispatcher (H2 journal in " + home.resolve("dispatcher") + ")");
    try (LocalGrid grid = LocalGrid.start(home)) {
      GridClient admin = grid.admin();
      out.println("dispatcher listening on " + grid.url() + "; admin token in " + grid.dispatcherDir().resolve("admin.token"));
      AppView app = admin.registerAppFolder(appDir);
      out.println("registered app " + app.name() + " " + app.version() + " (package " + app.archive().sha256().substring(0, 12) + "…)");
      for (int i = 1; i <= workers; i++) {
        grid.startWorker("worker-" + i, 1);
      }
      out.println(workers + " workers started (logs in " + home + ")");
      Map<String, String> args = new LinkedHashMap<>();
      args.put("pattern", pattern);
      args.put("seed", "demo-{index}");
      args.put("max-keys", Long.toString(maxKeys));
      JobView job =
          admin.submitJob(new JobRequest("vanitygen", "vanity " + pattern, tasks, args, null, null, 600L, null, null));
      out.println("job " + job.id() + ": " + tasks + " tasks searching " + maxKeys + " keys each for " + pattern + "…");
      job = follow(admin, job);
      out.println("job " + job.state() + ": " + job.counts());
      Path results = home.resolve("results");
      int found = 0;
      for (int i = 0; i < tasks; i++) {
        Path taskDir = results.resolve(Integer.toString(i));
        Path zip = home.resolve("result-" + i + ".zip");
        try {
          admin.downloadResult(job.id(), i, zip);
        } catch (RuntimeException e) {
          out.printf("task %2d: no result (%s)%n", i, e.getMessage());
          continue;
        }
        Zips.unzip(zip, taskDir);
        Files.delete(zip);
        JsonNode r = Json.mapper().readTree(taskDir.resolve("result.json").toFile());
        if (r.path("found").asBoolean()) {
          found++;
          out.printf("task %2d: %s  key (WIF) %s%n", i, r.get("address").asText(), r.get("wif").asText());
        } else {
          out.printf("task %2d: no %s address in %d keys%n", i, pattern, r.path("keysTried").asLong());
        }
      }
      out.println(found + " address(es) found; results in " + results + "/<task>/ (result.json, result.txt)");
      return "COMPLETED".equals(job.state()) ? 0 : 1;
    }
  }

  static JobView follow(GridClient client, JobView job) throws InterruptedException {
    try (ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName("tasks")
            .setInitialMax(job.tasks())
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
            .build()) {
      while (true) {
        job = client.getJob(job.id());
        Map<String, Integer> c = job.counts();
        bar.stepTo(c.getOrDefault("COMPLETED", 0) + c.getOrDefault("FAILED", 0) + c.getOrDefault("CANCELLED", 0));
        bar.setExtraMessage(c.getOrDefault("RUNNING", 0) + " running");
        if (!"RUNNING".equals(job.state())) {
          return job;
        }
        Thread.sleep(500);
      }
    }
  }

}
