package org.xwgrid.apps.cartoon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Writes a {@link Picture} as an 8-bit RGB PNG, the same bytes on every machine: each row's filter
 * is chosen by an integer rule (the least sum of absolute filtered values, the lowest filter type
 * on a tie), the rows are compressed by {@link Zlib}, and no chunk carries a time or a library
 * name. {@code ImageIO}'s writer gives no such promise: its bytes hang on the JVM's zlib.
 */
public final class PngEncoder {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private PngEncoder() {}

  /** The PNG of {@code p}. */
  public static byte[] encode(Picture p) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      write(p, png);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return png.toByteArray();
  }

  /** Writes the PNG of {@code p} to {@code png}, its compressed rows in IDAT chunks of 64 KiB. */
  public static void write(Picture p, OutputStream png) throws IOException {
    png.write(SIGNATURE);
    byte[] header = new byte[13];
    putInt(header, 0, p.width());
    putInt(header, 4, p.height());
    header[8] = 8; // bits per channel
    header[9] = 2; // truecolour (RGB)
    // compression 0 (deflate), filter method 0 (adaptive), no interlace: bytes 10 to 12 stay 0
    chunk(png, "IHDR", header, header.length);
    try (Chunks idat = new Chunks(png, "IDAT")) {
      Zlib.compress(filtered(p), idat);
    }
    chunk(png, "IEND", new byte[0], 0);
  }

  /** Every row as its filter type followed by its filtered bytes. */
  static byte[] filtered(Picture p) {
    int stride = p.width() * 3;
    byte[] out = new byte[(stride + 1) * p.height()];
    byte[] previous = new byte[stride]; // the row above the first is zeros
    byte[] row = new byte[stride];
    byte[][] candidates = new byte[5][stride];
    for (int y = 0; y < p.height(); y++) {
      for (int x = 0; x < p.width(); x++) {
        int c = p.at(x, y);
        row[3 * x] = (byte) (c >> 16);
        row[3 * x + 1] = (byte) (c >> 8);
        row[3 * x + 2] = (byte) c;
      }
      int best = 0;
      long bestCost = Long.MAX_VALUE;
      for (int type = 0; type < 5; type++) {
        long cost = filter(type, row, previous, candidates[type]);
        if (cost < bestCost) {
          best = type;
          bestCost = cost;
        }
      }
      int at = y * (stride + 1);
      out[at] = (byte) best;
      System.arraycopy(candidates[best], 0, out, at + 1, stride);
      byte[] t = previous;
      previous = row;
      row = t;
    }
    return out;
  }

  /** Filters {@code row} with {@code type} (PNG §9.2) into {@code into}; the sum of absolute signed values. */
  private static long filter(int type, byte[] row, byte[] up, byte[] into) {
    long cost = 0;
    for (int i = 0; i < row.length; i++) {
      int x = row[i] & 255;
      int a = i >= 3 ? row[i - 3] & 255 : 0;
      int b = up[i] & 255;
      int c = i >= 3 ? up[i - 3] & 255 : 0;
      int predictor = switch (type) {
        case 0 -> 0;
        case 1 -> a;
        case 2 -> b;
        case 3 -> (a + b) >> 1;
        default -> paeth(a, b, c);
      };
      byte v = (byte) (x - predictor);
      into[i] = v;
      cost += Math.abs(v);
    }
    return cost;
  }

  private static int paeth(int a, int b, int c) {
    int p = a + b - c;
    int pa = Math.abs(p - a);
    int pb = Math.abs(p - b);
    int pc = Math.abs(p - c);
    if (pa <= pb && pa <= pc) {
      return a;
    }
    return pb <= pc ? b : c;
  }

  private static void chunk(OutputStream png, String type, byte[] data, int length) throws IOException {
    byte[] b = new byte[4];
    putInt(b, 0, length);
    png.write(b);
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    png.write(name);
    png.write(data, 0, length);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data, 0, length);
    putInt(b, 0, (int) crc.getValue());
    png.write(b);
  }

  /** Bytes cut into chunks of one type, 64 KiB each and the rest at {@link #close()}; never an empty one. */
  private static final class Chunks extends OutputStream {
    private final OutputStream png;
    private final String type;
    private final byte[] buffer = new byte[65_536];
    private int size;

    Chunks(OutputStream png, String type) {
      this.png = png;
      this.type = type;
    }

    @Override
    public void write(int b) throws IOException {
      buffer[size++] = (byte) b;
      if (size == buffer.length) {
        chunk(png, type, buffer, size);
        size = 0;
      }
    }

    @Override
    public void close() throws IOException {
      if (size > 0) {
        chunk(png, type, buffer, size);
        size = 0;
      }
    }
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
