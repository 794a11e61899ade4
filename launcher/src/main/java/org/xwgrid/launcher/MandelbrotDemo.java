package org.xwgrid.launcher;

import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.xwgrid.client.GridClient;
import org.xwgrid.common.api.ClientApi.AppView;
import org.xwgrid.common.api.ClientApi.JobRequest;
import org.xwgrid.common.api.ClientApi.JobView;

/**
 * {@code xw demo mandelbrot}: a local grid renders a large Mandelbrot image as tiles, each tile
 * certified by two workers whose results must agree (trust 3), then merges the tiles into one
 * PNG and prints its path.
 */
final class MandelbrotDemo {
  /** Two agreeing fresh workers reach consensus at this trust (docs/poco.md). */
  static final int TRUST = 3;
  /** Tiles a worker computes at once: a contributed tile waits for its reveal, so more than one keeps the CPU busy. */
  static final int SLOTS = 3;

  private final PrintStream out;
  private final Path home;

  MandelbrotDemo(PrintStream out, Path home) {
    this.out = out;
    this.home = home;
  }

  int run(int width, int height, int columns, int rows, int workers) throws Exception {
    Path appDir = LocalGrid.root().resolve("sample-apps").resolve("mandelbrot");
    out.println("xwgrid mandelbrot demo: starting a dispatcher (H2 journal in " + home.resolve("dispatcher") + ")");
    try (LocalGrid grid = LocalGrid.start(home, GridDemo.QUICK_HEARTBEATS)) {
      GridClient admin = grid.admin();
      AppView app = admin.registerAppFolder(appDir);
      out.println("registered app " + app.name() + " " + app.version() + " on " + grid.url());
      for (int i = 1; i <= workers; i++) {
        grid.startWorker("worker-" + i, SLOTS);
      }
      out.println(workers + " workers started (logs in " + home + ")");
      Map<String, String> args = new LinkedHashMap<>();
      args.put("width", Integer.toString(width));
      args.put("height", Integer.toString(height));
      args.put("columns", Integer.toString(columns));
      args.put("rows", Integer.toString(rows));
      args.put("tile", "{index}");
      int tiles = columns * rows;
      JobView job =
          admin.submitJob(
              new JobRequest("mandelbrot", "mandelbrot " + width + "x" + height, tiles, args, null, null, 600L, null, null,
                  TRUST, null, null, null));
      out.println("job " + job.id() + ": " + tiles + " tiles of a " + width + "x" + height + " image, each certified at trust " + TRUST + "…");
      job = DemoCommand.follow(admin, job);
      out.println("job " + job.state() + ": " + job.counts());
      if (!"COMPLETED".equals(job.state())) {
        return 1;
      }
      Path tilesDir = home.resolve("tiles");
      GridDemo.fetchCertified(admin, job, tilesDir, out);
      Path png = home.resolve("mandelbrot.png");
      List<String> merge = new ArrayList<>(List.of("merge", "--out", png.toString()));
      for (int i = 0; i < tiles; i++) {
        merge.add(tilesDir.resolve(Integer.toString(i)).toString());
      }
      GridDemo.runJar(appDir.resolve("target").resolve("mandelbrot.jar"), home.resolve("merge.log"), merge.toArray(String[]::new));
      BufferedImage image = ImageIO.read(png.toFile());
      out.println("merged " + tiles + " tiles into a " + image.getWidth() + "x" + image.getHeight() + " PNG (" + Files.size(png) + " bytes):");
      out.println(png);
      return 0;
    }
  }
}
