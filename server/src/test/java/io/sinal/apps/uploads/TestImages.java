package io.sinal.apps.uploads;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;

/** Images the upload tests send, made in memory: small, so the suite stays fast. */
public final class TestImages {
  private TestImages() {}

  static byte[] jpeg(int width, int height) {
    return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "jpeg");
  }

  static byte[] png(int width, int height) {
    return encode(picture(width, height, BufferedImage.TYPE_INT_ARGB), "png");
  }

  static byte[] gif(int width, int height) {
    return encode(picture(width, height, BufferedImage.TYPE_INT_RGB), "gif");
  }

  /**
   * A decompression bomb: a valid PNG whose header declares {@code width × height} pixels (say 10
   * gigapixels) and whose data is a few bytes of one deflated row: decoding it would allocate
   * gigabytes.
   */
  public static byte[] pixelBombPng(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    ByteBuffer ihdr =
        ByteBuffer.allocate(13)
            .putInt(width)
            .putInt(height)
            .put((byte) 8)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0); // 8-bit grey
    chunk(out, "IHDR", ihdr.array());
    Deflater deflater = new Deflater();
    deflater.setInput(new byte[1024]);
    deflater.finish();
    byte[] data = new byte[1024];
    int length = deflater.deflate(data);
    chunk(out, "IDAT", java.util.Arrays.copyOf(data, length));
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /**
   * A complete, valid PNG of {@code width × height} black 8-bit grey pixels: its rows deflate a
   * thousandfold, so 40 megapixels fit in about 40 KB, yet decoding it costs what 40 megapixels
   * cost.
   */
  static byte[] densePng(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    ByteBuffer ihdr =
        ByteBuffer.allocate(13)
            .putInt(width)
            .putInt(height)
            .put((byte) 8)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0)
            .put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    try (java.util.zip.DeflaterOutputStream deflate =
        new java.util.zip.DeflaterOutputStream(idat)) {
      byte[] row = new byte[width + 1]; // filter type 0, then the pixels
      for (int y = 0; y < height; y++) {
        deflate.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    chunk(out, "IDAT", idat.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /**
   * A PNG of random pixels: it deflates not at all, so it and its outputs take what their pixels
   * take.
   */
  static byte[] noisePng(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(width * 31L + height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    return encode(image, "png");
  }

  /**
   * {@code bytes} bytes that start as a PNG does: taken for one on arrival, corrupt once decoded.
   */
  static byte[] pngLookingBytes(int bytes) {
    byte[] data = new byte[bytes];
    System.arraycopy(
        new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, 0, data, 0, 8);
    return data;
  }

  /** A PNG whose header is fine and whose pixel data is garbage. */
  static byte[] corruptPng(int width, int height) {
    byte[] png = png(width, height);
    int idat = indexOf(png, "IDAT".getBytes(StandardCharsets.US_ASCII));
    for (int i = idat + 4; i < Math.min(png.length - 16, idat + 64); i++) {
      png[i] = (byte) (png[i] ^ 0x5A);
    }
    return png;
  }

  static BufferedImage decode(byte[] bytes) {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image == null) {
        throw new AssertionError("not an image ImageIO can read: " + bytes.length + " bytes");
      }
      return image;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BufferedImage picture(int width, int height, int type) {
    BufferedImage image = new BufferedImage(width, height, type);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(30, 110, 80));
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(240, 200, 40));
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, format, out)) {
        throw new IllegalStateException("no writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(name);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException("not found");
  }
}
