package org.xwgrid.apps.mandelbrot;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * The mandelbrot grid app. A task renders one tile into its output folder ({@code
 * $XW_OUTPUT_DIR}, or {@code --out DIR}): {@code tile.png} and {@code tile.json} (where the tile
 * goes):
 *
 * <pre>java -jar mandelbrot.jar --width=4096 --height=3072 --columns=4 --rows=4 --tile={index} [--max-iterations=500] [--view=-2.5,-1.25,1,1.25]</pre>
 *
 * The tiles' folders are then merged into one PNG:
 *
 * <pre>java -jar mandelbrot.jar merge --out mandelbrot.png DIR...</pre>
 */
public final class Mandelbrot {
  private Mandelbrot() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    try {
      if (args.length > 0 && args[0].equals("merge")) {
        List<Path> dirs = new ArrayList<>();
        Path target = null;
        for (int i = 1; i < args.length; i++) {
          if (args[i].equals("--out") && i + 1 < args.length) {
            target = Path.of(args[++i]);
          } else {
            dirs.add(Path.of(args[i]));
          }
        }
        if (target == null || dirs.isEmpty()) {
          throw new IllegalArgumentException("usage: merge --out FILE.png DIR... (each DIR holds a tile.png and its tile.json)");
        }
        BufferedImage merged = merge(dirs);
        ImageIO.write(merged, "png", target.toFile());
        out.println("merged " + dirs.size() + " tiles into " + target + " (" + merged.getWidth() + "x" + merged.getHeight() + ")");
        return 0;
      }
      Map<String, String> a = options(args);
      View view = view(a);
      View.Tile tile = view.tile(integer(a, "tile", null));
      Path dir = a.containsKey("out") ? Path.of(a.get("out")) : outputDir();
      Files.createDirectories(dir);
      ImageIO.write(Renderer.render(view, tile), "png", dir.resolve("tile.png").toFile());
      Files.writeString(dir.resolve("tile.json"), String.format(java.util.Locale.ROOT,
          "{\"tile\":%d,\"x\":%d,\"y\":%d,\"width\":%d,\"height\":%d,\"imageWidth\":%d,\"imageHeight\":%d}%n",
          tile.index(), tile.x(), tile.y(), tile.width(), tile.height(), view.width(), view.height()), StandardCharsets.UTF_8);
      out.println("tile " + tile.index() + " of " + view.tiles() + ": " + tile.width() + "x" + tile.height() + " at " + tile.x() + "," + tile.y());
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("mandelbrot: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("mandelbrot: " + e);
      return 1;
    }
  }

  private static Path outputDir() {
    String d = System.getenv("XW_OUTPUT_DIR");
    if (d == null || d.isBlank()) {
      throw new IllegalArgumentException("no output folder: run it on a grid ($XW_OUTPUT_DIR) or give --out=DIR");
    }
    return Path.of(d);
  }

  /** {@code --key=value} arguments. */
  static Map<String, String> options(String[] args) {
    Map<String, String> a = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 3) {
        throw new IllegalArgumentException("arguments are --name=value, not '" + arg + "'");
      }
      a.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return a;
  }

  static View view(Map<String, String> a) {
    String[] v = a.getOrDefault("view", "-2.5,-1.25,1,1.25").split(",");
    if (v.length != 4) {
      throw new IllegalArgumentException("--view must be x0,y0,x1,y1");
    }
    double[] d = new double[4];
    for (int i = 0; i < 4; i++) {
      try {
        d[i] = Double.parseDouble(v[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--view must be four numbers x0,y0,x1,y1");
      }
    }
    return new View(integer(a, "width", 1024), integer(a, "height", 768), integer(a, "columns", 4), integer(a, "rows", 4),
        d[0], d[1], d[2], d[3], integer(a, "max-iterations", 500));
  }

  private static int integer(Map<String, String> a, String key, Integer otherwise) {
    String v = a.get(key);
    if (v == null) {
      if (otherwise == null) {
        throw new IllegalArgumentException("--" + key + " is required");
      }
      return otherwise;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + " must be a whole number, not '" + v + "'");
    }
  }

  private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\\d+)");

  /** Draws every folder's tile where its tile.json says; refuses gaps, overlaps and mixed images. */
  static BufferedImage merge(List<Path> dirs) throws IOException {
    BufferedImage image = null;
    long covered = 0;
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (Path dir : dirs) {
      Map<String, Integer> t = new LinkedHashMap<>();
      Matcher m = FIELD.matcher(Files.readString(dir.resolve("tile.json"), StandardCharsets.UTF_8));
      while (m.find()) {
        t.put(m.group(1), Integer.parseInt(m.group(2)));
      }
      BufferedImage tile = ImageIO.read(dir.resolve("tile.png").toFile());
      if (tile == null || tile.getWidth() != t.get("width") || tile.getHeight() != t.get("height")) {
        throw new IllegalArgumentException(dir + ": tile.png does not match its tile.json");
      }
      if (image == null) {
        image = new BufferedImage(t.get("imageWidth"), t.get("imageHeight"), BufferedImage.TYPE_INT_RGB);
      } else if (image.getWidth() != t.get("imageWidth") || image.getHeight() != t.get("imageHeight")) {
        throw new IllegalArgumentException(dir + ": a tile of another image");
      }
      if (!seen.add(t.get("tile"))) {
        throw new IllegalArgumentException(dir + ": tile " + t.get("tile") + " given twice");
      }
      int w = tile.getWidth();
      int h = tile.getHeight();
      image.setRGB(t.get("x"), t.get("y"), w, h, tile.getRGB(0, 0, w, h, null, 0, w), 0, w);
      covered += (long) t.get("width") * t.get("height");
    }
    if (image == null || covered != (long) image.getWidth() * image.getHeight()) {
      throw new IllegalArgumentException("the tiles cover " + covered + " pixels of "
          + (image == null ? 0 : (long) image.getWidth() * image.getHeight()) + ": some are missing");
    }
    return image;
  }
}
