package org.xwgrid.launcher;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;
import org.xwgrid.common.api.DataRef;
import org.xwgrid.common.api.TaskLimits;

/**
 * {@code xw demo cartoon [IMAGE]}: a local grid whose two workers run docker apps turns an image
 * (or the app's built-in sample picture) into a cartoon in a container with no network, a
 * read-only root and a memory limit; both workers compute it and must agree (trust 3). Prints the
 * cartoon PNG's path.
 */
final class CartoonDemo {
  private static final String IMAGE = "xwgrid/cartoon:1.0.0";

  private final PrintStream out;
  private final Path home;

  CartoonDemo(PrintStream out, Path home) {
    this.out = out;
    this.home = home;
  }

  int run(Path input, int levels) throws Exception {
    Path appDir = LocalGrid.root().resolve("sample-apps").resolve("cartoon");
    Path archive = appDir.resolve("target").resolve("cartoon-image.tar");
    if (!Files.isRegularFile(archive)) {
      out.println("building the image " + IMAGE + " (sample-apps/cartoon/build-image.sh, about a minute)…");
      Process b =
          new ProcessBuilder(appDir.resolve("build-image.sh").toString())
              .redirectErrorStream(true)
              .redirectOutput(home.resolve("build-image.log").toFile())
              .start();
      if (b.waitFor() != 0 || !Files.isRegularFile(archive)) {
        throw new IllegalStateException("build-image.sh failed: " + Files.readString(home.resolve("build-image.log")).strip());
      }
    }
    if (input == null) {
      input = home.resolve("sample.png");
      GridDemo.runJar(appDir.resolve("target").resolve("cartoon.jar"), home.resolve("sample.log"), "sample", input.toString());
      out.println("no IMAGE given: using the app's sample picture " + input);
    } else if (!Files.isRegularFile(input)) {
      throw new IllegalArgumentException("no such image: " + input);
    }
    out.println("xwgrid cartoon demo: starting a dispatcher (H2 journal in " + home.resolve("dispatcher") + ")");
    try (LocalGrid grid = LocalGrid.start(home, GridDemo.QUICK_HEARTBEATS)) {
      GridClient admin = grid.admin();
      AppView app = admin.registerAppFolder(appDir.resolve("xwapp-docker.json"));
      out.println("registered docker app " + app.name() + " (image " + app.image() + ", archive " + size(app.archive()) + ")");
      for (int i = 1; i <= 2; i++) {
        grid.startWorker("docker-worker-" + i, 1, "--docker", "required");
      }
      out.println("2 workers with a Docker engine started (logs in " + home + ")");
      DataRef uploaded = admin.uploadFile(input, "photo" + extension(input));
      Map<String, String> args = new LinkedHashMap<>();
      args.put("levels", Integer.toString(levels));
      JobView job =
          admin.submitJob(
              new JobRequest(app.name(), "cartoon of " + input.getFileName(), 1, args, null, List.of(uploaded), 600L, null, null,
                  MandelbrotDemo.TRUST, null, null, new TaskLimits(512, 1.0, 256)));
      out.println("job " + job.id() + ": one task in a container (no network, read-only root, 512 MiB, 1 CPU),"
          + " certified at trust " + MandelbrotDemo.TRUST + "…");
      job = DemoCommand.follow(admin, job);
      out.println("job " + job.state() + ": " + job.counts());
      if (!"COMPLETED".equals(job.state())) {
        return 1;
      }
      Path results = home.resolve("results");
      GridDemo.fetchCertified(admin, job, results, out);
      Path png = results.resolve("0").resolve("cartoon.png");
      BufferedImage image = ImageIO.read(png.toFile());
      out.println("cartoon " + image.getWidth() + "x" + image.getHeight() + " (" + Files.size(png) + " bytes):");
      out.println(png);
      return 0;
    }
  }

  private static String extension(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot).toLowerCase(java.util.Locale.ROOT);
  }

  private static String size(DataRef d) throws IOException {
    return (d.size() >> 20) + " MiB";
  }
}
