package org.xwgrid.apps.cartoon;

import java.awt.image.BufferedImage;

/**
 * An opaque picture: {@code width} × {@code height} pixels, row by row, each packed as {@code
 * 0xRRGGBB}. Every step of the filter works on these integers, so a picture comes out the same
 * on every machine.
 */
public record Picture(int width, int height, int[] rgb) {
  /** The largest side accepted, in pixels. */
  public static final int MAX_SIDE = 16_384;
  /** The most pixels accepted: a 12 megapixel photo, which still fits a 256 MiB container. */
  public static final long MAX_PIXELS = 12_000_000L;

  public Picture {
    if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE || (long) width * height > MAX_PIXELS) {
      throw new IllegalArgumentException("pictures are 1 to " + MAX_SIDE + " pixels a side and at most "
          + MAX_PIXELS + " pixels, not " + width + "x" + height);
    }
    if (rgb.length != width * height) {
      throw new IllegalArgumentException(width + "x" + height + " pixels, but " + rgb.length + " values");
    }
  }

  /** The pixel at column {@code x}, row {@code y}. */
  public int at(int x, int y) {
    return rgb[y * width + x];
  }

  /** The image's pixels; a translucent pixel is laid on white (integer rounding). */
  public static Picture of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    Picture p = new Picture(w, h, new int[w * h]);
    for (int y = 0; y < h; y++) { // row by row: no second full-size int[] beside the image
      image.getRGB(0, y, w, 1, p.rgb, y * w, w);
    }
    int[] px = p.rgb;
    for (int i = 0; i < px.length; i++) {
      int a = px[i] >>> 24;
      px[i] = a == 255 ? px[i] & 0xFFFFFF : onWhite(px[i], a);
    }
    return p;
  }

  private static int onWhite(int argb, int a) {
    int r = ((argb >> 16 & 255) * a + 255 * (255 - a) + 127) / 255;
    int g = ((argb >> 8 & 255) * a + 255 * (255 - a) + 127) / 255;
    int b = ((argb & 255) * a + 255 * (255 - a) + 127) / 255;
    return r << 16 | g << 8 | b;
  }

  /** An RGB image of these pixels. */
  public BufferedImage toImage() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, width, height, rgb, 0, width);
    return image;
  }
}
