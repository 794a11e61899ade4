package org.xwgrid.apps.cartoon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CartoonTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

  private int run(Map<String, String> env, String... args) {
    err.reset();
    return Cartoon.run(args, env, quiet, new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String error() {
    return err.toString(StandardCharsets.UTF_8);
  }

  /** A folder holding the built-in picture as photo.png. */
  private static Path sampleInput(Path dir) throws IOException {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Files.write(in.resolve("photo.png"), PngEncoder.encode(SamplePicture.draw()));
    return in;
  }

  private static Map<String, String> grid(Path in, Path out) {
    return Map.of("XW_INPUT_DIR", in.toString(), "XW_OUTPUT_DIR", out.toString());
  }

  private static List<String> names(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  /** A grey picture with a red rectangle on it, columns 50 to 149 and rows 40 to 109. */
  private static Picture rectangle() {
    int[] rgb = new int[200 * 150];
    for (int y = 0; y < 150; y++) {
      for (int x = 0; x < 200; x++) {
        rgb[y * 200 + x] = x >= 50 && x < 150 && y >= 40 && y < 110 ? 0xC82828 : 0xC8C8C8;
      }
    }
    return new Picture(200, 150, rgb);
  }

  @Test
  void shouldWriteTheSameBytesOnEveryRun(@TempDir Path dir) throws Exception {
    Path in = sampleInput(dir);
    assertEquals(0, run(grid(in, dir.resolve("a")), "--levels=5"), error());
    assertEquals(0, run(grid(in, dir.resolve("b")), "--levels=5"), error());
    assertArrayEquals(Files.readAllBytes(dir.resolve("a/cartoon.png")), Files.readAllBytes(dir.resolve("b/cartoon.png")));
    assertArrayEquals(Files.readAllBytes(dir.resolve("a/cartoon.json")), Files.readAllBytes(dir.resolve("b/cartoon.json")));
    assertEquals(List.of("cartoon.json", "cartoon.png"), names(dir.resolve("a")), "no part files left behind");
  }

  @Test
  void shouldWriteTheSameBytesOnEveryMachine() throws Exception {
    // Integer arithmetic and an encoder of our own: these bytes are pinned, whatever the JVM or its zlib.
    byte[] png = PngEncoder.encode(CartoonFilter.apply(SamplePicture.draw(), Settings.DEFAULT).picture());
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));
    assertEquals(GOLDEN_SHA256, sha);
  }

  /** The default cartoon of the sample picture. A deliberate change to the filter or encoder changes it. */
  private static final String GOLDEN_SHA256 = "489c4785af34383136f5605f0f23f891c1508a4aa1d80d0a8e0d401cd5e7f21a";

  @Test
  void shouldKeepTheInputsSizeAndDescribeTheRun(@TempDir Path dir) throws Exception {
    Path in = sampleInput(dir);
    Path out = dir.resolve("out");
    assertEquals(0, run(grid(in, out), "--levels=4", "--edges=200", "--smooth=1"), error());
    BufferedImage cartoon = ImageIO.read(out.resolve("cartoon.png").toFile());
    assertEquals(SamplePicture.WIDTH, cartoon.getWidth());
    assertEquals(SamplePicture.HEIGHT, cartoon.getHeight());
    String json = Files.readString(out.resolve("cartoon.json"));
    assertTrue(json.startsWith("{\"input\":\"photo.png\",\"width\":640,\"height\":480,\"levels\":4,\"edges\":200,\"smooth\":1,"
        + "\"edgePixels\":"), json);
  }

  @Test
  void shouldUseNoMoreColoursThanThePaletteOutsideTheEdges() {
    Settings s = new Settings(3, 160, 2);
    Picture in = SamplePicture.draw();
    Picture out = CartoonFilter.apply(in, s).picture();
    boolean[] edge = Edges.detect(Smoothing.blur(in, s.smooth()), s.edges());
    Set<Integer> colours = new HashSet<>();
    for (int i = 0; i < edge.length; i++) {
      if (!edge[i]) {
        colours.add(out.rgb()[i]);
      } else {
        assertEquals(CartoonFilter.INK, out.rgb()[i]);
      }
    }
    assertTrue(colours.size() <= 27, colours.size() + " colours for 3 levels");
    assertTrue(colours.size() > 5, "a picture, not a blot: " + colours.size() + " colours");
    Set<Integer> levels = Set.of(0, 128, 255);
    for (int c : colours) {
      assertTrue(levels.contains(c >> 16 & 255) && levels.contains(c >> 8 & 255) && levels.contains(c & 255),
          Integer.toHexString(c));
    }
  }

  @Test
  void shouldInkTheShapesBoundariesAndNotTheFlatAreas() {
    Picture out = CartoonFilter.apply(rectangle(), new Settings(6, 160, 2)).picture();
    for (int y = 45; y < 105; y++) { // left and right sides
      assertTrue(inkNear(out, 50, y, true) && inkNear(out, 149, y, true), "side at row " + y);
    }
    for (int x = 55; x < 145; x++) { // top and bottom
      assertTrue(inkNear(out, x, 40, false) && inkNear(out, x, 109, false), "side at column " + x);
    }
    for (int y = 0; y < 150; y++) {
      for (int x = 0; x < 200; x++) {
        int fromSide = Math.min(Math.min(Math.abs(x - 50), Math.abs(x - 149)), Math.min(Math.abs(y - 40), Math.abs(y - 109)));
        boolean inBand = x >= 45 && x <= 154 && y >= 35 && y <= 114; // around the rectangle
        if (!inBand || fromSide >= 5) {
          assertTrue(out.at(x, y) != CartoonFilter.INK, "no ink in a flat area, at " + x + "," + y);
        }
      }
    }
  }

  private static boolean inkNear(Picture p, int x, int y, boolean across) {
    for (int d = -2; d <= 2; d++) {
      if (p.at(across ? x + d : x, across ? y : y + d) == CartoonFilter.INK) {
        return true;
      }
    }
    return false;
  }

  @Test
  void shouldDrawNoEdgesWhenTheThresholdIsZero() {
    CartoonFilter.Result r = CartoonFilter.apply(rectangle(), new Settings(6, 0, 0));
    assertEquals(0, r.edgePixels());
    assertEquals(new Levels(6).apply(0xC82828), r.picture().at(100, 70));
  }

  @Test
  void shouldRefuseBadArgumentsWithCode2AndWriteNothing(@TempDir Path dir) throws Exception {
    Path in = sampleInput(dir);
    Path out = dir.resolve("out");
    Map<String, String> env = grid(in, out);
    List<List<String>> bad = List.of(List.of("--levels=x"), List.of("--levels=1"), List.of("--levels=17"),
        List.of("--edges=-1"), List.of("--edges=9999"), List.of("--smooth=9"), List.of("--colour=red"),
        List.of("levels=6"), List.of("--levels=6", "--levels=7"), List.of("--=3"));
    for (List<String> args : bad) {
      assertEquals(2, run(env, args.toArray(String[]::new)), args.toString());
      assertFalse(error().isBlank(), args + " says why");
      assertEquals(List.of(), names(out), args + " writes nothing");
    }
    assertEquals(2, run(env, "--levels=1"));
    assertTrue(error().contains("--levels must be between 2 and 16"), error());
    assertEquals(2, run(env, "--colour=red"));
    assertTrue(error().contains("unknown option --colour"), error());
    assertEquals(2, run(Map.of("XW_INPUT_DIR", in.toString())));
    assertTrue(error().contains("no output folder"), error());
  }

  @Test
  void shouldSayClearlyWhenTheInputIsMissingOrUnreadable(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertEquals(2, run(grid(empty, out)));
    assertTrue(error().contains("no image in the input folder"), error());

    assertEquals(2, run(grid(empty, out), "--input=photo.png"));
    assertTrue(error().contains("no input image") && error().contains("photo.png"), error());

    assertEquals(2, run(Map.of("XW_OUTPUT_DIR", out.toString())));
    assertTrue(error().contains("no input"), error());

    Path broken = Files.createDirectories(dir.resolve("broken"));
    Files.write(broken.resolve("photo.png"), "not a picture".getBytes(StandardCharsets.UTF_8));
    assertEquals(2, run(grid(broken, out)));
    assertTrue(error().contains("photo.png is not an image"), error());

    Path truncated = Files.createDirectories(dir.resolve("truncated"));
    byte[] png = PngEncoder.encode(SamplePicture.draw(64, 48));
    Files.write(truncated.resolve("photo.png"), java.util.Arrays.copyOf(png, png.length / 2));
    assertEquals(2, run(grid(truncated, out)));
    assertTrue(error().contains("cannot read the image photo.png"), error());

    Path two = Files.createDirectories(dir.resolve("two"));
    Files.write(two.resolve("a.png"), png);
    Files.write(two.resolve("b.png"), png);
    Files.writeString(two.resolve("notes.txt"), "not an image, not counted");
    assertEquals(2, run(grid(two, out)));
    assertTrue(error().contains("several images in the input folder: a.png, b.png; choose one with --input=NAME"), error());
    assertEquals(List.of(), names(out), "nothing written");

    assertEquals(0, run(grid(two, out), "--input=b.png"), error());
    assertTrue(Files.readString(out.resolve("cartoon.json")).contains("\"input\":\"b.png\""));
  }

  @Test
  void shouldRefuseAnImageTooLargeBeforeDecodingIt(@TempDir Path dir) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    BufferedImage huge = new BufferedImage(16_000, 1_000, BufferedImage.TYPE_BYTE_BINARY); // 16 Mpx, 2 MB
    ImageIO.write(huge, "png", in.resolve("huge.png").toFile());
    assertEquals(2, run(grid(in, dir.resolve("out"))));
    assertTrue(error().contains("huge.png is 16000x1000"), error());
  }

  @Test
  void shouldLayTranslucentPixelsOnWhite() {
    BufferedImage image = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
    image.setRGB(0, 0, 0x00123456); // transparent
    image.setRGB(1, 0, 0x80000000); // half black
    Picture p = Picture.of(image);
    assertEquals(0xFFFFFF, p.at(0, 0));
    assertEquals(0x7F7F7F, p.at(1, 0));
  }

  @Test
  void shouldWriteTheSamplePicture(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("demo/photo.png");
    assertEquals(0, run(Map.of(), "sample", file.toString()), error());
    BufferedImage image = ImageIO.read(file.toFile());
    assertEquals(640, image.getWidth());
    assertEquals(480, image.getHeight());
    assertArrayEquals(SamplePicture.draw().rgb(), Picture.of(image).rgb());

    assertEquals(0, run(Map.of(), "sample", dir.resolve("small.png").toString(), "--width=64", "--height=48"), error());
    assertEquals(64, ImageIO.read(dir.resolve("small.png").toFile()).getWidth());
    assertEquals(2, run(Map.of(), "sample"));
    assertTrue(error().contains("usage: sample FILE.png"), error());
    assertEquals(2, run(Map.of(), "sample", dir.resolve("x.png").toString(), "--levels=3"));
    assertFalse(Files.exists(dir.resolve("x.png")));
  }

  @Test
  void shouldQuoteJsonStrings() {
    assertEquals("\"a\\\"b\\\\c\\u000a\"", Cartoon.quote("a\"b\\c\n"));
  }
}
