package org.xwgrid.apps.cartoon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {
  private static int[] decode(byte[] png) throws Exception {
    return Picture.of(ImageIO.read(new ByteArrayInputStream(png))).rgb();
  }

  private static Picture random(int w, int h, long seed) {
    Random r = new Random(seed);
    int[] rgb = new int[w * h];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = r.nextInt(4) == 0 ? r.nextInt(1 << 24) : (i > 0 ? rgb[i - 1] : 0); // noise and runs
    }
    return new Picture(w, h, rgb);
  }

  @Test
  void shouldBeReadBackPixelForPixel() throws Exception {
    for (Picture p : new Picture[] {random(1, 1, 1), random(3, 7, 2), random(300, 200, 3), SamplePicture.draw(),
        new Picture(500, 300, new int[500 * 300])}) {
      assertArrayEquals(p.rgb(), decode(PngEncoder.encode(p)), p.width() + "x" + p.height());
    }
  }

  @Test
  void shouldCompressFlatPicturesAndHoldTheFilteredRows() throws Exception {
    Picture flat = new Picture(640, 480, new int[640 * 480]);
    java.util.Arrays.fill(flat.rgb(), 0x336699);
    byte[] filtered = PngEncoder.filtered(flat);
    byte[] z = Zlib.compress(filtered);
    assertTrue(z.length < filtered.length / 100, z.length + " bytes for " + filtered.length);
    Inflater inflater = new Inflater();
    inflater.setInput(z);
    ByteArrayOutputStream back = new ByteArrayOutputStream();
    byte[] buffer = new byte[65_536];
    while (!inflater.finished()) {
      back.write(buffer, 0, inflater.inflate(buffer));
    }
    assertArrayEquals(filtered, back.toByteArray(), "a valid zlib stream, Adler-32 included");
    assertEquals(0, inflater.getRemaining());
  }

  @Test
  void shouldCompressLongDistancesAndEveryLength() throws Exception {
    byte[] data = new byte[200_000];
    Random r = new Random(7);
    for (int i = 0; i < data.length; i++) { // a block repeated 30000 bytes later, and runs of every length
      data[i] = i >= 30_000 && i < 60_000 ? data[i - 30_000] : (byte) (r.nextInt(300) < 250 ? i / (1 + r.nextInt(300)) : r.nextInt());
    }
    Inflater inflater = new Inflater();
    inflater.setInput(Zlib.compress(data));
    byte[] back = new byte[data.length];
    int n = 0;
    while (!inflater.finished()) {
      n += inflater.inflate(back, n, back.length - n);
    }
    assertEquals(data.length, n);
    assertArrayEquals(data, back);
  }
}
