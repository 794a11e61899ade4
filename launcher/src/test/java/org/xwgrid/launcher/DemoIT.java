package org.xwgrid.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwgrid.apps.vanitygen.Base58;
import org.xwgrid.apps.vanitygen.BitcoinKeys;

/** {@code bin/xw demo}, the README's first command, as a user runs it. */
class DemoIT {
  private static final Pattern FOUND = Pattern.compile("task +(\\d+): (1\\w+) +key \\(WIF\\) (\\w+)");

  @Test
  void shouldPrintValidAddressesThatDeriveFromThePrintedKeys(@TempDir Path dir) throws Exception {
    Path script = LocalGrid.root().resolve("bin").resolve("xw");
    ProcessBuilder pb =
        new ProcessBuilder(script.toString(), "demo", "--dir", dir.toString())
            .redirectOutput(dir.resolve("demo.out").toFile())
            .redirectError(dir.resolve("demo.err").toFile());
    pb.environment().put("XW_PEKKO_LOG", "WARN");
    Process p = pb.start();
    assertTrue(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), "the demo ends within 5 minutes");
    String out = Files.readString(dir.resolve("demo.out"));
    assertEquals(0, p.exitValue(), out + Files.readString(dir.resolve("demo.err")));
    assertTrue(out.contains("job COMPLETED"), out);

    Matcher m = FOUND.matcher(out);
    int found = 0;
    while (m.find()) {
      found++;
      String address = m.group(2);
      String wif = m.group(3);
      assertTrue(address.startsWith("1Lo"), address);
      byte[] payload = Base58.decodeChecked(address); // throws on a bad checksum
      assertEquals(21, payload.length);
      assertEquals(0, payload[0], "P2PKH version byte");
      assertTrue(BitcoinKeys.isValidAddress(address));
      assertEquals(address, BitcoinKeys.addressOfWif(wif), "the address derives from the printed key");
      // and what the demo printed is what the task wrote
      Path result = dir.resolve("results").resolve(m.group(1)).resolve("result.txt");
      assertArrayEquals(
          ("FOUND " + address + " " + wif).getBytes(), Files.readString(result).trim().getBytes());
    }
    assertTrue(found >= 8, "most of the 16 tasks find a 1Lo address in their slice: " + found + "\n" + out);
    List<String> lines = out.lines().toList();
    assertTrue(lines.get(lines.size() - 1).contains("results in " + dir.resolve("results")), out);
  }

  private static final Pattern AGREE = Pattern.compile("task +(\\d+): (\\d+) replicas agree on 0x[0-9a-f]{12}…");

  /** Runs {@code bin/xw demo ARGS --dir DIR} as a user would; returns its output. */
  static String runDemo(Path dir, java.time.Duration limit, String... args) throws Exception {
    Path script = LocalGrid.root().resolve("bin").resolve("xw");
    List<String> cmd = new java.util.ArrayList<>(List.of(script.toString(), "demo"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("--dir", dir.toString()));
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(dir.resolve("demo.out").toFile()).redirectError(dir.resolve("demo.err").toFile());
    pb.environment().put("XW_PEKKO_LOG", "WARN");
    Process p = pb.start();
    assertTrue(p.waitFor(limit.toSeconds(), java.util.concurrent.TimeUnit.SECONDS), "the demo ends within " + limit);
    String out = Files.readString(dir.resolve("demo.out"));
    assertEquals(0, p.exitValue(), out + Files.readString(dir.resolve("demo.err")));
    return out;
  }

  /** The tasks whose replicas the demo found to agree, each with at least 2 replicas. */
  static java.util.Set<Integer> agreeingTasks(String out) {
    java.util.Set<Integer> tasks = new java.util.TreeSet<>();
    Matcher m = AGREE.matcher(out);
    while (m.find()) {
      assertTrue(Integer.parseInt(m.group(2)) >= 2, m.group());
      tasks.add(Integer.parseInt(m.group(1)));
    }
    return tasks;
  }

  @Test
  void shouldRenderTheMandelbrotDemoAsTheWholeImageWouldBe(@TempDir Path dir) throws Exception {
    String out = runDemo(dir, java.time.Duration.ofMinutes(5), "mandelbrot");
    assertEquals(
        java.util.stream.IntStream.range(0, 16).boxed().collect(java.util.stream.Collectors.toSet()), agreeingTasks(out),
        "every tile certified by agreeing replicas\n" + out);
    List<String> lines = out.lines().toList();
    Path png = Path.of(lines.get(lines.size() - 1));
    assertEquals(dir.resolve("mandelbrot.png"), png, out);
    java.awt.image.BufferedImage merged = javax.imageio.ImageIO.read(png.toFile());
    assertEquals(1600, merged.getWidth());
    assertEquals(1200, merged.getHeight());
    // the grid's tiles, merged, are the image rendered here in one piece
    Path whole = dir.resolve("whole");
    Path jar = LocalGrid.root().resolve("sample-apps/mandelbrot/target/mandelbrot.jar");
    GridDemo.runJar(jar, dir.resolve("whole.log"), "--width=1600", "--height=1200", "--columns=1", "--rows=1", "--tile=0", "--out=" + whole);
    java.awt.image.BufferedImage one = javax.imageio.ImageIO.read(whole.resolve("tile.png").toFile());
    for (int y = 0; y < 1200; y += 7) {
      for (int x = 0; x < 1600; x += 3) {
        assertEquals(one.getRGB(x, y), merged.getRGB(x, y), "pixel " + x + "," + y);
      }
    }
  }

  @Test
  void shouldCartoonAnImageInDockerAsTheNativeAppDoes(@TempDir Path dir) throws Exception {
    // a picture of the user's: 320x200, shapes on a gradient
    java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(320, 200, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = picture.createGraphics();
    g.setPaint(new java.awt.GradientPaint(0, 0, java.awt.Color.CYAN, 320, 200, java.awt.Color.MAGENTA));
    g.fillRect(0, 0, 320, 200);
    g.setColor(java.awt.Color.ORANGE);
    g.fillOval(40, 30, 120, 120);
    g.dispose();
    Path input = dir.resolve("mine.png");
    javax.imageio.ImageIO.write(picture, "png", input.toFile());

    Path home = dir.resolve("demo");
    Files.createDirectories(home);
    String out = runDemo(home, java.time.Duration.ofMinutes(6), "cartoon", input.toString());
    assertEquals(java.util.Set.of(0), agreeingTasks(out), "both docker workers agree\n" + out);
    List<String> lines = out.lines().toList();
    Path png = Path.of(lines.get(lines.size() - 1));
    java.awt.image.BufferedImage cartoon = javax.imageio.ImageIO.read(png.toFile());
    assertEquals(320, cartoon.getWidth());
    assertEquals(200, cartoon.getHeight());
    // the container wrote what the app writes natively
    Path jar = LocalGrid.root().resolve("sample-apps/cartoon/target/cartoon.jar");
    GridDemo.runJar(jar, dir.resolve("native.log"), "--input=" + input, "--out=" + dir.resolve("native"), "--levels=6");
    assertArrayEquals(Files.readAllBytes(dir.resolve("native/cartoon.png")), Files.readAllBytes(png));
  }

  private static final Pattern FINALIZED =
      Pattern.compile("task (\\d) 0x[0-9a-f]{8}…: finalized in tx (0x[0-9a-f]{64}) by (\\d+) of (\\d+) contributors");
  private static final Pattern CHANGE = Pattern.compile("^  (\\S.{15}) (0x[0-9a-f]{40}) .*  ([+-]\\d+)$");

  @Test
  void shouldSettleTheChainDemosDealToTheToken(@TempDir Path dir) throws Exception {
    Path script = LocalGrid.root().resolve("bin").resolve("xw");
    ProcessBuilder pb =
        new ProcessBuilder(script.toString(), "demo", "--chain", "--max-keys", "3000", "--dir", dir.toString())
            .redirectOutput(dir.resolve("demo.out").toFile())
            .redirectError(dir.resolve("demo.err").toFile());
    pb.environment().put("XW_PEKKO_LOG", "WARN");
    pb.environment().put("ANVIL_BIN", System.getProperty("xwgrid.anvil"));
    Process p = pb.start();
    assertTrue(p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES), "the chain demo ends within 5 minutes");
    String out = Files.readString(dir.resolve("demo.out"));
    assertEquals(0, p.exitValue(), out + Files.readString(dir.resolve("demo.err")));
    assertTrue(Pattern.compile("deal 0x[0-9a-f]{64}: 4 tasks at trust 4").matcher(out).find(), out);
    Matcher m = FINALIZED.matcher(out);
    java.util.Set<String> txs = new java.util.HashSet<>();
    while (m.find()) {
      txs.add(m.group(2));
      assertTrue(Integer.parseInt(m.group(3)) >= 2, "replicated: " + m.group());
    }
    assertEquals(4, txs.size(), "four tasks, four finalize transactions:\n" + out);
    // what the requester paid went to the app owner, the pool, its workers and the kitty, to the token
    List<String> after = out.lines().dropWhile(l -> !l.startsWith("balances after")).toList();
    long sum = 0;
    Map<String, Long> change = new java.util.LinkedHashMap<>();
    for (String l : after) {
      Matcher c = CHANGE.matcher(l);
      if (c.matches()) {
        change.put(c.group(1).trim(), Long.parseLong(c.group(3)));
        sum += Long.parseLong(c.group(3));
      }
    }
    assertEquals(0, sum, "no token made or lost: " + change);
    assertEquals(-(ChainDemo.APP_PRICE + ChainDemo.POOL_PRICE) * ChainDemo.VOLUME, change.get("requester"), out);
    assertEquals(ChainDemo.APP_PRICE * ChainDemo.VOLUME, change.get("app owner"), out);
    assertTrue(out.contains("the balances add up"), out);
    assertTrue(Files.exists(dir.resolve("results").resolve("3").resolve("result.json")), "results downloaded");
  }
}
