package org.xwgrid.apps.mandelbrot;

/**
 * The whole image: {@code width} × {@code height} pixels over the rectangle ({@code x0}, {@code
 * y0})–({@code x1}, {@code y1}) of the complex plane, cut into {@code columns} × {@code rows}
 * tiles (one per task), each point iterated at most {@code maxIterations} times.
 */
public record View(int width, int height, int columns, int rows, double x0, double y0, double x1, double y1, int maxIterations) {

  public View {
    if (width < 1 || height < 1 || width > 65_536 || height > 65_536) {
      throw new IllegalArgumentException("width and height must be between 1 and 65536 pixels");
    }
    if (columns < 1 || rows < 1 || columns > width || rows > height) {
      throw new IllegalArgumentException("columns and rows must be between 1 and the image's width and height");
    }
    if (!(x0 < x1) || !(y0 < y1) || !Double.isFinite(x1 - x0) || !Double.isFinite(y1 - y0)) {
      throw new IllegalArgumentException("the view must be x0,y0,x1,y1 with x0 < x1 and y0 < y1");
    }
    if (maxIterations < 1 || maxIterations > 1_000_000) {
      throw new IllegalArgumentException("max-iterations must be between 1 and 1000000");
    }
  }

  public int tiles() {
    return columns * rows;
  }

  /** Tile {@code index} (row-major): its pixels in the whole image, edges shared out by integer division. */
  public Tile tile(int index) {
    if (index < 0 || index >= tiles()) {
      throw new IllegalArgumentException("tile must be between 0 and " + (tiles() - 1) + ", not " + index);
    }
    int col = index % columns;
    int row = index / columns;
    int left = (int) ((long) col * width / columns);
    int right = (int) ((long) (col + 1) * width / columns);
    int top = (int) ((long) row * height / rows);
    int bottom = (int) ((long) (row + 1) * height / rows);
    return new Tile(index, left, top, right - left, bottom - top);
  }

  /** A tile's place in the whole image, in pixels. */
  public record Tile(int index, int x, int y, int width, int height) {}
}
