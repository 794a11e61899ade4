package org.xwgrid.apps.cartoon;

/**
 * A light blur: every channel of every pixel becomes the 3×3 binomial average of its
 * neighbourhood (weights 1 2 1 / 2 4 2 / 1 2 1, sum 16, rounded), the border repeated outwards.
 * It flattens grain before the edges are looked for and the colours are cut into levels. It
 * works in place, three rows at a time, so a large picture needs no second copy.
 */
final class Smoothing {
  private Smoothing() {}

  /** A copy of {@code in} blurred {@code passes} times. */
  static Picture blur(Picture in, int passes) {
    int[] rgb = in.rgb().clone();
    for (int i = 0; i < passes; i++) {
      blurInPlace(rgb, in.width(), in.height());
    }
    return new Picture(in.width(), in.height(), rgb);
  }

  /** Blurs {@code rgb} ({@code w} × {@code h} packed pixels) once, over itself. */
  static void blurInPlace(int[] rgb, int w, int h) {
    int[] above = new int[w];
    int[] here = new int[w];
    int[] below = new int[w];
    System.arraycopy(rgb, 0, above, 0, w);
    System.arraycopy(rgb, 0, here, 0, w);
    for (int y = 0; y < h; y++) {
      System.arraycopy(rgb, Math.min(y + 1, h - 1) * w, below, 0, w);
      for (int x = 0; x < w; x++) {
        int l = Math.max(x - 1, 0);
        int r = Math.min(x + 1, w - 1);
        int c = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
          int sum = (above[l] >> shift & 255) + 2 * (above[x] >> shift & 255) + (above[r] >> shift & 255)
              + 2 * (here[l] >> shift & 255) + 4 * (here[x] >> shift & 255) + 2 * (here[r] >> shift & 255)
              + (below[l] >> shift & 255) + 2 * (below[x] >> shift & 255) + (below[r] >> shift & 255);
          c |= (sum + 8) >> 4 << shift;
        }
        rgb[y * w + x] = c;
      }
      int[] t = above;
      above = here;
      here = below;
      below = t;
    }
  }
}
