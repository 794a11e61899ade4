package org.xwgrid.apps.mandelbrot;

import java.awt.image.BufferedImage;

/**
 * Renders pixels of a {@link View}: each pixel's centre is a point c of the plane, coloured by how
 * many iterations of z ← z² + c it takes to leave the circle of radius 2 (black: it never did).
 * Pure double arithmetic on the pixel's global coordinates, so a tile renders exactly the pixels
 * the whole image has there, and every replica renders the same bytes.
 */
public final class Renderer {
  private Renderer() {}

  public static BufferedImage render(View v, View.Tile t) {
    BufferedImage image = new BufferedImage(t.width(), t.height(), BufferedImage.TYPE_INT_RGB);
    double dx = (v.x1() - v.x0()) / v.width();
    double dy = (v.y1() - v.y0()) / v.height();
    for (int py = 0; py < t.height(); py++) {
      double ci = v.y1() - (t.y() + py + 0.5) * dy;
      for (int px = 0; px < t.width(); px++) {
        double cr = v.x0() + (t.x() + px + 0.5) * dx;
        image.setRGB(px, py, colour(escape(cr, ci, v.maxIterations()), v.maxIterations()));
      }
    }
    return image;
  }

  /** Iterations before z leaves the circle of radius 2, or {@code max} if it never does. */
  static int escape(double cr, double ci, int max) {
    double zr = 0;
    double zi = 0;
    for (int n = 0; n < max; n++) {
      double zr2 = zr * zr;
      double zi2 = zi * zi;
      if (zr2 + zi2 > 4) {
        return n;
      }
      zi = 2 * zr * zi + ci;
      zr = zr2 - zi2 + cr;
    }
    return max;
  }

  /** Black inside the set; outside, a palette cycling with the iteration count. */
  static int colour(int n, int max) {
    if (n >= max) {
      return 0;
    }
    int k = n % 64;
    int r = (int) (9 * k * 4 % 256);
    int g = (int) ((15 + k * 6) % 256);
    int b = 255 - (k * 3 % 128);
    return (r << 16) | (g << 8) | b;
  }
}
