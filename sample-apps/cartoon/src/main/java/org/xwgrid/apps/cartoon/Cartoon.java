package org.xwgrid.apps.cartoon;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cartoon grid app, after the iExec demo that ran GIMP's cartoon filter on a picture. A task
 * turns the one image of its input folder ({@code $XW_INPUT_DIR}, or {@code --input=NAME}) into a
 * cartoon and writes {@code cartoon.png} and {@code cartoon.json} into its output folder ({@code
 * $XW_OUTPUT_DIR}, or {@code --out=DIR}):
 *
 * <pre>java -jar cartoon.jar [--levels=6] [--edges=160] [--smooth=2] [--input=NAME] [--out=DIR]</pre>
 *
 * Every replica writes the same bytes. A built-in picture gives a demo its input:
 *
 * <pre>java -jar cartoon.jar sample FILE.png [--width=640 --height=480]</pre>
 *
 * Bad arguments and missing or unreadable images exit with code 2, before anything is written.
 */
public final class Cartoon {
  /** The picture a task writes. */
  public static final String OUTPUT = "cartoon.png";
  /** What a task writes about it: size and settings. */
  public static final String SUMMARY = "cartoon.json";

  private static final List<String> OPTIONS = List.of("levels", "edges", "smooth", "input", "out");

  private Cartoon() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err));
  }

  /** Runs the app with these arguments and environment; the exit code. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    try {
      if (args.length > 0 && args[0].equals("sample")) {
        return sample(args, out);
      }
      Map<String, String> a = options(args, 0);
      for (String key : a.keySet()) {
        if (!OPTIONS.contains(key)) {
          throw new IllegalArgumentException("unknown option --" + key + " (the options are --" + String.join(", --", OPTIONS) + ")");
        }
      }
      Settings settings = new Settings(integer(a, "levels", Settings.DEFAULT.levels()),
          integer(a, "edges", Settings.DEFAULT.edges()), integer(a, "smooth", Settings.DEFAULT.smooth()));
      Path outDir = folder(a.get("out"), env.get("XW_OUTPUT_DIR"), "no output folder: run it on a grid ($XW_OUTPUT_DIR) or give --out=DIR");
      Path inDir = folder(null, env.get("XW_INPUT_DIR"), null);
      Path input = InputImage.locate(inDir, a.get("input"));
      CartoonFilter.Result result = CartoonFilter.drawOver(InputImage.read(input), settings);
      Picture cartoon = result.picture();
      String json = String.format(Locale.ROOT,
          "{\"input\":%s,\"width\":%d,\"height\":%d,\"levels\":%d,\"edges\":%d,\"smooth\":%d,\"edgePixels\":%d}%n",
          quote(input.getFileName().toString()), cartoon.width(), cartoon.height(), settings.levels(), settings.edges(),
          settings.smooth(), result.edgePixels());
      Files.createDirectories(outDir);
      writeWhole(outDir.resolve(OUTPUT), png -> PngEncoder.write(cartoon, png));
      writeWhole(outDir.resolve(SUMMARY), f -> f.write(json.getBytes(StandardCharsets.UTF_8)));
      out.println("cartoon: " + input.getFileName() + " " + cartoon.width() + "x" + cartoon.height() + " -> "
          + outDir.resolve(OUTPUT) + " (" + settings.levels() + " levels, edges from " + settings.edges() + ": "
          + result.edgePixels() + " edge pixels)");
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("cartoon: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("cartoon: " + e);
      return 1;
    }
  }

  /** {@code sample FILE [--width=W --height=H]}: writes the built-in picture. */
  private static int sample(String[] args, PrintStream out) throws IOException {
    if (args.length < 2 || args[1].startsWith("--")) {
      throw new IllegalArgumentException("usage: sample FILE.png [--width=640 --height=480]");
    }
    Map<String, String> a = options(args, 2);
    for (String key : a.keySet()) {
      if (!key.equals("width") && !key.equals("height")) {
        throw new IllegalArgumentException("unknown option --" + key + " for sample (the options are --width, --height)");
      }
    }
    Picture p = SamplePicture.draw(integer(a, "width", SamplePicture.WIDTH), integer(a, "height", SamplePicture.HEIGHT));
    Path file = Path.of(args[1]).toAbsolutePath();
    Files.createDirectories(file.getParent());
    writeWhole(file, png -> PngEncoder.write(p, png));
    out.println("sample picture " + p.width() + "x" + p.height() + " -> " + file);
    return 0;
  }

  /** {@code --key=value} arguments from {@code from} on. */
  static Map<String, String> options(String[] args, int from) {
    Map<String, String> a = new LinkedHashMap<>();
    for (int i = from; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 3) {
        throw new IllegalArgumentException("arguments are --name=value, not '" + arg + "'");
      }
      if (a.put(arg.substring(2, eq), arg.substring(eq + 1)) != null) {
        throw new IllegalArgumentException("--" + arg.substring(2, eq) + " is given twice");
      }
    }
    return a;
  }

  private static int integer(Map<String, String> a, String key, int otherwise) {
    String v = a.get(key);
    if (v == null) {
      return otherwise;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + " must be a whole number, not '" + v + "'");
    }
  }

  /** The folder given as an option, else the one in the environment; null, or a failure saying {@code missing}, if neither. */
  private static Path folder(String option, String env, String missing) {
    String d = option != null ? option : env;
    if (d == null || d.isBlank()) {
      if (missing != null) {
        throw new IllegalArgumentException(missing);
      }
      return null;
    }
    return Path.of(d);
  }

  /** What goes into a file. */
  private interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes a file whole or not at all: into a hidden file beside it, then renamed over it. */
  private static void writeWhole(Path file, Content content) throws IOException {
    Path part = file.resolveSibling("." + file.getFileName() + ".part");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 65_536)) {
        content.writeTo(out);
      }
      Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /** {@code s} as a JSON string. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
