package org.xwgrid.apps.cartoon;

/**
 * Colour quantisation by levels: each channel is cut into {@code n} equal bands, and every value
 * in band k becomes k × 255 / (n − 1), rounded. So a picture keeps at most n³ colours (its
 * palette), the same on every machine.
 */
final class Levels {
  private final int[] table = new int[256];
  private final int n;

  Levels(int n) {
    if (n < 2 || n > 256) {
      throw new IllegalArgumentException("levels must be between 2 and 256, not " + n);
    }
    this.n = n;
    for (int v = 0; v < 256; v++) {
      int band = v * n / 256;
      table[v] = (band * 255 + (n - 1) / 2) / (n - 1);
    }
  }

  /** The level a channel value (0 to 255) falls to. */
  int channel(int v) {
    return table[v];
  }

  /** The colour {@code rgb} falls to, every channel cut into levels. */
  int apply(int rgb) {
    return table[rgb >> 16 & 255] << 16 | table[rgb >> 8 & 255] << 8 | table[rgb & 255];
  }

  /** How many colours there can be: n³. */
  int paletteSize() {
    return n * n * n;
  }
}
