package org.xwgrid.apps.cartoon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Finds the task's input image and decodes it. In a folder, the image is the one file whose name
 * ends in a suffix {@code ImageIO} reads (png, jpg, gif, bmp…), unless a name is given. Every
 * failure is an {@link IllegalArgumentException} that says what is wrong, and the size is checked
 * before the pixels are decoded, so a huge image is refused without filling the memory.
 */
final class InputImage {
  private InputImage() {}

  /** The file {@code name} in {@code dir} ({@code dir} may be null: the current folder), or the one image in {@code dir}. */
  static Path locate(Path dir, String name) throws IOException {
    if (name != null) {
      Path file = dir == null ? Path.of(name) : dir.resolve(name);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("no input image " + file);
      }
      return file;
    }
    if (dir == null) {
      throw new IllegalArgumentException("no input: run it on a grid ($XW_INPUT_DIR) or give --input=FILE");
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("the input folder " + dir + " does not exist");
    }
    List<Path> images = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(f -> Files.isRegularFile(f) && isImageName(f.getFileName().toString())).sorted().forEach(images::add);
    }
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no image in the input folder " + dir + " (png, jpg, gif or bmp)");
    }
    if (images.size() > 1) {
      List<String> names = new ArrayList<>();
      images.forEach(f -> names.add(f.getFileName().toString()));
      throw new IllegalArgumentException("several images in the input folder: " + String.join(", ", names)
          + "; choose one with --input=NAME");
    }
    return images.get(0);
  }

  private static boolean isImageName(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 && Set.of(ImageIO.getReaderFileSuffixes()).contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** The pixels of {@code file}, after checking that it is an image of an accepted size. */
  static Picture read(Path file) {
    ImageIO.setUseCache(false); // no cache files: the container's root is read-only
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new IllegalArgumentException(file.getFileName() + " is not an image this app reads (png, jpg, gif, bmp)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w > Picture.MAX_SIDE || h > Picture.MAX_SIDE || (long) w * h > Picture.MAX_PIXELS) {
          throw new IllegalArgumentException(file.getFileName() + " is " + w + "x" + h + ": at most "
              + Picture.MAX_PIXELS + " pixels and " + Picture.MAX_SIDE + " a side");
        }
        return Picture.of(reader.read(0));
      } finally {
        reader.dispose();
      }
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (IOException | RuntimeException e) { // a decoder's failure on a damaged file, whatever its kind
      throw new IllegalArgumentException("cannot read the image " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }
}
