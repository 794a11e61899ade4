package org.xwgrid.apps.mandelbrot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MandelbrotTest {
  private static final View VIEW = new View(61, 37, 3, 2, -2.5, -1.25, 1, 1.25, 200);

  private static int[] pixels(BufferedImage i) {
    return i.getRGB(0, 0, i.getWidth(), i.getHeight(), null, 0, i.getWidth());
  }

  @Test
  void tilesCoverTheImageExactlyEvenWhenItDoesNotDivide() {
    long area = 0;
    for (int i = 0; i < VIEW.tiles(); i++) {
      View.Tile t = VIEW.tile(i);
      area += (long) t.width() * t.height();
    }
    assertEquals(61L * 37, area);
    assertEquals(new View.Tile(5, 40, 18, 21, 19), VIEW.tile(5));
    assertThrows(IllegalArgumentException.class, () -> VIEW.tile(6));
  }

  @Test
  void theMergedTilesAreTheWholeImagePixelForPixel(@TempDir Path dir) throws Exception {
    List<Path> dirs = new ArrayList<>();
    for (int i = VIEW.tiles() - 1; i >= 0; i--) { // in any order
      Path out = dir.resolve("t" + i);
      assertEquals(0, Mandelbrot.run(new String[] {"--width=61", "--height=37", "--columns=3", "--rows=2", "--tile=" + i,
          "--max-iterations=200", "--out=" + out}, new PrintStream(new ByteArrayOutputStream()), System.err));
      dirs.add(out);
    }
    BufferedImage merged = Mandelbrot.merge(dirs);
    BufferedImage whole = Renderer.render(new View(61, 37, 1, 1, -2.5, -1.25, 1, 1.25, 200), new View.Tile(0, 0, 0, 61, 37));
    assertArrayEquals(pixels(whole), pixels(merged));
    Path png = dir.resolve("all.png");
    assertEquals(0, Mandelbrot.run(new String[] {"merge", "--out", png.toString(), dirs.get(0).toString(), dirs.get(1).toString(),
        dirs.get(2).toString(), dirs.get(3).toString(), dirs.get(4).toString(), dirs.get(5).toString()},
        new PrintStream(new ByteArrayOutputStream()), System.err));
    BufferedImage read = ImageIO.read(png.toFile());
    assertEquals(61, read.getWidth());
    assertArrayEquals(pixels(whole), pixels(read), "the PNG holds the same pixels");
  }

  @Test
  void replicasRenderTheSameBytes(@TempDir Path dir) throws Exception {
    for (String r : List.of("a", "b")) {
      Mandelbrot.run(new String[] {"--width=200", "--height=150", "--columns=2", "--rows=2", "--tile=1", "--out=" + dir.resolve(r)},
          new PrintStream(new ByteArrayOutputStream()), System.err);
    }
    assertArrayEquals(Files.readAllBytes(dir.resolve("a/tile.png")), Files.readAllBytes(dir.resolve("b/tile.png")));
    assertArrayEquals(Files.readAllBytes(dir.resolve("a/tile.json")), Files.readAllBytes(dir.resolve("b/tile.json")));
  }

  @Test
  void theSetIsBlackAndItsOutsideColoured() {
    assertEquals(200, Renderer.escape(-0.5, 0, 200), "-0.5 belongs to the set");
    assertEquals(0, Renderer.colour(200, 200));
    assertTrue(Renderer.escape(1, 1.2, 200) < 5, "far outside escapes at once");
    assertNotEquals(0, Renderer.colour(Renderer.escape(1, 1.2, 200), 200));
  }

  @Test
  void badArgumentsAndTilesAreRefusedClearly(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, Mandelbrot.run(new String[] {"--width=10", "--height=10", "--out=" + dir}, System.out, new PrintStream(err)));
    assertTrue(err.toString().contains("--tile is required"), err.toString());
    err.reset();
    assertEquals(2, Mandelbrot.run(new String[] {"--tile=0", "--view=1,2,3", "--out=" + dir}, System.out, new PrintStream(err)));
    assertTrue(err.toString().contains("--view"), err.toString());
    err.reset();
    assertEquals(2, Mandelbrot.run(new String[] {"--tile=0", "--width=x", "--out=" + dir}, System.out, new PrintStream(err)));
    assertTrue(err.toString().contains("whole number"), err.toString());

    Path one = dir.resolve("one");
    Mandelbrot.run(new String[] {"--width=20", "--height=20", "--columns=2", "--rows=1", "--tile=0", "--out=" + one},
        new PrintStream(new ByteArrayOutputStream()), System.err);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Mandelbrot.merge(List.of(one)));
    assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Mandelbrot.merge(List.of(one, one)), "a tile twice");
  }
}
