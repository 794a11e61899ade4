package org.xwgrid.apps.cartoon;

/**
 * How a picture is cartooned: {@code levels} per colour channel (2 to 16), the Sobel gradient from
 * which a pixel is drawn as a dark edge ({@code edges}, 1 to 2040; 0 draws none), and how many
 * light blurs come first ({@code smooth}, 0 to 8).
 */
public record Settings(int levels, int edges, int smooth) {
  /** Six levels (216 colours), edges from a gradient of 160, two blurs. */
  public static final Settings DEFAULT = new Settings(6, 160, 2);

  public Settings {
    if (levels < 2 || levels > 16) {
      throw new IllegalArgumentException("--levels must be between 2 and 16, not " + levels);
    }
    if (edges < 0 || edges > Edges.MAX_MAGNITUDE) {
      throw new IllegalArgumentException("--edges must be between 0 (no edges) and " + Edges.MAX_MAGNITUDE + ", not " + edges);
    }
    if (smooth < 0 || smooth > 8) {
      throw new IllegalArgumentException("--smooth must be between 0 and 8, not " + smooth);
    }
  }
}
