package org.xwgrid.apps.cartoon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Adler32;

/**
 * A zlib stream (RFC 1950) holding one deflate block with the fixed Huffman codes (RFC 1951
 * §3.2.6), its matches found by a greedy LZ77 search over a hash chain. Written out in Java so
 * that the compressed bytes do not depend on the zlib library a JVM was built with: the same data
 * gives the same stream on every machine, which {@link java.util.zip.Deflater} does not promise.
 */
final class Zlib {
  private static final int WINDOW = 32_768;
  private static final int MIN_MATCH = 3;
  private static final int MAX_MATCH = 258;
  private static final int MAX_CHAIN = 128;
  private static final int HASH_BITS = 15;

  private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83,
      99, 115, 131, 163, 195, 227, 258};
  private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
  private static final int[] DISTANCE_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
      1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
  private static final int[] DISTANCE_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11,
      11, 12, 12, 13, 13};

  private Zlib() {}

  /** {@code data} as a zlib stream. */
  static byte[] compress(byte[] data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      compress(data, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  /** Writes {@code data} as a zlib stream to {@code sink}. */
  static void compress(byte[] data, OutputStream sink) throws IOException {
    Bits out = new Bits(sink);
    out.writeByte(0x78); // deflate, 32 KiB window
    out.writeByte(0x01); // no preset dictionary; (0x7801 % 31 == 0)
    out.write(1, 1); // the last block
    out.write(1, 2); // fixed Huffman codes
    int[] head = new int[1 << HASH_BITS];
    java.util.Arrays.fill(head, -1);
    int[] prev = new int[WINDOW];
    int i = 0;
    while (i < data.length) {
      int bestLength = 0;
      int bestDistance = 0;
      if (i + MIN_MATCH <= data.length) {
        int limit = Math.min(MAX_MATCH, data.length - i);
        int candidate = head[hash(data, i)];
        for (int chain = 0; chain < MAX_CHAIN && candidate >= 0 && i - candidate <= WINDOW; chain++) {
          int n = 0;
          while (n < limit && data[candidate + n] == data[i + n]) {
            n++;
          }
          if (n > bestLength) {
            bestLength = n;
            bestDistance = i - candidate;
            if (n == limit) {
              break;
            }
          }
          int next = prev[candidate % WINDOW];
          if (next >= candidate) {
            break; // the link was written over by a newer position
          }
          candidate = next;
        }
      }
      if (bestLength >= MIN_MATCH) {
        writeMatch(out, bestLength, bestDistance);
        for (int k = 0; k < bestLength; k++) {
          insert(data, i + k, head, prev);
        }
        i += bestLength;
      } else {
        writeLiteral(out, data[i] & 255);
        insert(data, i, head, prev);
        i++;
      }
    }
    writeLiteral(out, 256); // end of block
    out.flush();
    Adler32 adler = new Adler32();
    adler.update(data);
    long sum = adler.getValue();
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.writeByte((int) (sum >>> shift) & 255);
    }
  }

  private static int hash(byte[] d, int i) {
    return ((d[i] & 255) << 10 ^ (d[i + 1] & 255) << 5 ^ (d[i + 2] & 255)) & ((1 << HASH_BITS) - 1);
  }

  private static void insert(byte[] data, int i, int[] head, int[] prev) {
    if (i + MIN_MATCH <= data.length) {
      int h = hash(data, i);
      prev[i % WINDOW] = head[h];
      head[h] = i;
    }
  }

  /** A literal byte (0 to 255) or the end of the block (256), in the fixed code. */
  private static void writeLiteral(Bits out, int v) throws IOException {
    if (v < 144) {
      out.writeCode(0x30 + v, 8);
    } else if (v < 256) {
      out.writeCode(0x190 + v - 144, 9);
    } else {
      out.writeCode(v - 256, 7);
    }
  }

  private static void writeMatch(Bits out, int length, int distance) throws IOException {
    int lc = LENGTH_BASE.length - 1;
    while (LENGTH_BASE[lc] > length) {
      lc--;
    }
    int symbol = 257 + lc;
    if (symbol < 280) {
      out.writeCode(symbol - 256, 7);
    } else {
      out.writeCode(0xC0 + symbol - 280, 8);
    }
    out.write(length - LENGTH_BASE[lc], LENGTH_EXTRA[lc]);
    int dc = DISTANCE_BASE.length - 1;
    while (DISTANCE_BASE[dc] > distance) {
      dc--;
    }
    out.writeCode(dc, 5);
    out.write(distance - DISTANCE_BASE[dc], DISTANCE_EXTRA[dc]);
  }

  /** Bits packed from the least significant end of each byte, as deflate wants them. */
  private static final class Bits {
    private final OutputStream bytes;
    private int buffer;
    private int count;

    Bits(OutputStream bytes) {
      this.bytes = bytes;
    }

    /** The low {@code n} bits of {@code value}, least significant first (header fields, extra bits). */
    void write(int value, int n) throws IOException {
      for (int k = 0; k < n; k++) {
        buffer |= (value >> k & 1) << count;
        if (++count == 8) {
          bytes.write(buffer);
          buffer = 0;
          count = 0;
        }
      }
    }

    /** A Huffman code of {@code n} bits, most significant first. */
    void writeCode(int code, int n) throws IOException {
      for (int k = n - 1; k >= 0; k--) {
        write(code >> k & 1, 1);
      }
    }

    /** Pads the last byte with zeros. */
    void flush() throws IOException {
      if (count > 0) {
        bytes.write(buffer);
        buffer = 0;
        count = 0;
      }
    }

    void writeByte(int b) throws IOException {
      bytes.write(b);
    }
  }
}
