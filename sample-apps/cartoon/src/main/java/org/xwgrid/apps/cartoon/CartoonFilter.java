package org.xwgrid.apps.cartoon;

/**
 * The cartoon filter: light blurs, then every pixel on an edge of the blurred picture is inked
 * black and every other one is cut into colour levels. Pure integer arithmetic, so the same
 * picture and settings give the same pixels on every run and machine.
 */
public final class CartoonFilter {
  /** The colour edges are drawn in. */
  public static final int INK = 0x000000;

  private CartoonFilter() {}

  /** The cartoon, and how many of its pixels are edges. */
  public record Result(Picture picture, int edgePixels) {}

  /** The cartoon of {@code in}, which is left as it was. */
  public static Result apply(Picture in, Settings s) {
    return drawOver(new Picture(in.width(), in.height(), in.rgb().clone()), s);
  }

  /** The cartoon of {@code p}, drawn over its own pixels: a large picture needs no second copy. */
  public static Result drawOver(Picture p, Settings s) {
    int[] px = p.rgb();
    for (int i = 0; i < s.smooth(); i++) {
      Smoothing.blurInPlace(px, p.width(), p.height());
    }
    boolean[] edge = Edges.detect(p, s.edges());
    Levels levels = new Levels(s.levels());
    int inked = 0;
    for (int i = 0; i < px.length; i++) {
      if (edge[i]) {
        px[i] = INK;
        inked++;
      } else {
        px[i] = levels.apply(px[i]);
      }
    }
    return new Result(p, inked);
  }
}
