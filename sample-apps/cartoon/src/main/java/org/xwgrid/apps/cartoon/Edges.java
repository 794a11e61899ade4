package org.xwgrid.apps.cartoon;

/**
 * Where the cartoon's dark lines go: wherever the Sobel gradient |gx| + |gy| (0 to 2040) of the
 * red, the green or the blue channel reaches a threshold. Looking at each channel, not only at
 * the brightness, outlines a red wall on green grass though both are as bright. Integer
 * arithmetic throughout; the border is repeated outwards, so a flat picture has no edges, even at
 * its rim.
 */
final class Edges {
  /** The largest gradient there can be: a full black-to-white step, 4 × 255 on each axis. */
  static final int MAX_MAGNITUDE = 2040;

  private Edges() {}

  /** True where the gradient is at least {@code threshold}; a threshold of 0 draws no edges at all. */
  static boolean[] detect(Picture p, int threshold) {
    int w = p.width();
    int h = p.height();
    int[] rgb = p.rgb();
    boolean[] edge = new boolean[w * h];
    if (threshold == 0) {
      return edge;
    }
    for (int y = 0; y < h; y++) {
      int above = Math.max(y - 1, 0) * w;
      int here = y * w;
      int below = Math.min(y + 1, h - 1) * w;
      for (int x = 0; x < w; x++) {
        int l = Math.max(x - 1, 0);
        int r = Math.min(x + 1, w - 1);
        int strongest = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
          int gx = (v(rgb, above + r, shift) + 2 * v(rgb, here + r, shift) + v(rgb, below + r, shift))
              - (v(rgb, above + l, shift) + 2 * v(rgb, here + l, shift) + v(rgb, below + l, shift));
          int gy = (v(rgb, below + l, shift) + 2 * v(rgb, below + x, shift) + v(rgb, below + r, shift))
              - (v(rgb, above + l, shift) + 2 * v(rgb, above + x, shift) + v(rgb, above + r, shift));
          strongest = Math.max(strongest, Math.abs(gx) + Math.abs(gy));
        }
        edge[here + x] = strongest >= threshold;
      }
    }
    return edge;
  }

  private static int v(int[] rgb, int i, int shift) {
    return rgb[i] >> shift & 255;
  }
}
