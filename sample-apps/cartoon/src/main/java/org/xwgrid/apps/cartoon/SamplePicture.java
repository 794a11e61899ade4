package org.xwgrid.apps.cartoon;

/**
 * A built-in test picture, drawn from integers alone so a demo needs no image file: a sky fading
 * to the horizon, a sun, two hills, a house with a roof, door and window, a path and a striped
 * ball, all under a light grain like a photo's. The scene is laid out on 640 × 480 and stretched
 * to the size asked for.
 */
public final class SamplePicture {
  public static final int WIDTH = 640;
  public static final int HEIGHT = 480;

  private SamplePicture() {}

  public static Picture draw() {
    return draw(WIDTH, HEIGHT);
  }

  public static Picture draw(int width, int height) {
    int[] rgb = new int[width * height];
    int seed = 0x2545F491;
    for (int y = 0; y < height; y++) {
      int sy = (int) ((long) y * HEIGHT / height);
      for (int x = 0; x < width; x++) {
        int sx = (int) ((long) x * WIDTH / width);
        int c = scene(sx, sy);
        int r = c >> 16 & 255;
        int g = c >> 8 & 255;
        int b = c & 255;
        seed ^= seed << 13; // xorshift32: the grain
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        r = clamp(r + ((seed & 15) - 7));
        g = clamp(g + ((seed >>> 4 & 15) - 7));
        b = clamp(b + ((seed >>> 8 & 15) - 7));
        rgb[y * width + x] = r << 16 | g << 8 | b;
      }
    }
    return new Picture(width, height, rgb);
  }

  /** The colour at ({@code x}, {@code y}) of the 640 × 480 scene, front to back. */
  static int scene(int x, int y) {
    if (inCircle(x, y, 430, 405, 42)) { // the ball, striped
      return ((x + y) / 16) % 2 == 0 ? 0x2050C8 : 0xF0F0E6;
    }
    if (y >= 380 && Math.abs(x - 220) * 100 <= 20 * 100 + (y - 380) * 90) { // the path from the door
      return mix(0xB4A48A, 0x8C7C64, y - 380, HEIGHT - 380);
    }
    if (x >= 200 && x < 240 && y >= 315 && y < 380) { // the door
      return 0x5A3C1E;
    }
    if (x >= 155 && x < 190 && y >= 275 && y < 310) { // the window and its bars
      return x == 172 || y == 292 ? 0xFFFFFF : mix(0xB4DCFA, 0x78AADC, y - 275, 35);
    }
    if (x >= 140 && x < 300 && y >= 250 && y < 380) { // the walls
      return mix(0xD2504A, 0xA03A32, x - 140, 160);
    }
    if (y >= 180 && y < 250 && Math.abs(x - 220) * 70 <= (y - 180) * 95) { // the roof
      return mix(0x783228, 0x50201A, y - 180, 70);
    }
    int ground = 300;
    if (y >= ground) {
      return mix(0x5AA03C, 0x326E28, y - ground, HEIGHT - ground);
    }
    if (y >= 215 + sq(x - 140) / 260 || y >= 235 + sq(x - 470) / 330) { // two hills
      return mix(0x3C8C46, 0x28643A, y - 215, ground - 215);
    }
    if (inCircle(x, y, 510, 100, 55)) { // the sun, brighter at its heart
      return mix(0xFFF08C, 0xFFA028, sq(x - 510) + sq(y - 100), sq(55));
    }
    return mix(0x285AB4, 0xAAD2F5, y, ground); // the sky
  }

  private static boolean inCircle(int x, int y, int cx, int cy, int r) {
    return sq(x - cx) + sq(y - cy) <= sq(r);
  }

  private static int sq(int v) {
    return v * v;
  }

  /** {@code from} blended towards {@code to} by {@code t} / {@code of}, channel by channel. */
  private static int mix(int from, int to, int t, int of) {
    int k = Math.max(0, Math.min(t, of));
    int c = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      int a = from >> shift & 255;
      int b = to >> shift & 255;
      c |= (a + (b - a) * k / of) << shift;
    }
    return c;
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }
}
