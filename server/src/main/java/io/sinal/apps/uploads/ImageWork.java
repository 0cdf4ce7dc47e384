package io.sinal.apps.uploads;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.geometry.Positions;

/**
 * The image work of processing: decoding with limits, resizing and writing. Every method blocks:
 * workers only.
 */
final class ImageWork {
  static final float JPEG_QUALITY = 0.85f;

  private ImageWork() {}

  /**
   * Width × height the first image of {@code file} declares, read from its header only; -1 when the
   * header cannot be read (decoding then fails the file as corrupt). Reads a few bytes, or up to
   * the frame header of a JPEG: cheap, so a whole batch is measured before any of it is decoded.
   */
  static long declaredPixels(Path file, ImageFormat format) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      ImageReader reader = reader(in, format);
      try {
        reader.setInput(in, true, true);
        return declared(reader, format);
      } catch (Rejected e) {
        return -1;
      } finally {
        reader.dispose();
      }
    }
  }

  /**
   * Decodes the first image of {@code file}, read as {@code format}. The size comes from the header
   * first, so an image declaring more than {@code maxPixels} is refused before a pixel is allocated
   * (a 100 KB PNG can declare 10 gigapixels). A decoder error or warning (truncated data) fails the
   * file.
   */
  static BufferedImage decode(Path file, ImageFormat format, long maxPixels) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      ImageReader reader = reader(in, format);
      try {
        reader.setInput(in, true, true);
        long pixels = declared(reader, format);
        if (pixels > maxPixels) {
          throw new Rejected(
              Reason.TOO_MANY_PIXELS,
              "the image declares "
                  + reader.getWidth(0)
                  + " × "
                  + reader.getHeight(0)
                  + " = "
                  + pixels
                  + " pixels; at most "
                  + maxPixels
                  + " are accepted");
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image;
        try {
          image = reader.read(0);
        } catch (IIOException e) {
          throw corrupt("the image data is damaged: " + e.getMessage());
        } catch (RuntimeException e) {
          // decoders throw anything on hostile data: the message would describe the decoder, not
          // the image
          throw corrupt("the image data is damaged: the decoder gave up on it");
        }
        if (!warnings.isEmpty()) {
          throw corrupt("the image data is damaged: " + warnings.get(0));
        }
        return image;
      } finally {
        reader.dispose();
      }
    }
  }

  private static ImageReader reader(ImageInputStream in, ImageFormat format) throws IOException {
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.wire());
    if (in == null || !readers.hasNext()) {
      throw new IOException("no " + format.wire() + " decoder");
    }
    return readers.next();
  }

  /**
   * Width × height of the first image from its header; fails as corrupt when the header cannot be
   * read.
   */
  private static long declared(ImageReader reader, ImageFormat format) throws IOException {
    try {
      return (long) reader.getWidth(0) * reader.getHeight(0);
    } catch (IIOException | RuntimeException e) {
      throw corrupt("the image data is damaged: the " + format.wire() + " header cannot be read");
    }
  }

  private static Rejected corrupt(String message) {
    return new Rejected(
        Reason.CORRUPT, message.length() > 250 ? message.substring(0, 250) : message);
  }

  /**
   * The pixels of {@code variant}: the longer side at most its size, aspect kept, never enlarged.
   */
  static BufferedImage resize(BufferedImage image, Variant variant) throws IOException {
    int w = image.getWidth();
    int h = image.getHeight();
    int type =
        image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
    if (variant.square()) {
      int side = Math.min(w, h);
      int target = Math.min(variant.size(), side);
      return Thumbnails.of(image)
          .sourceRegion(Positions.CENTER, side, side)
          .forceSize(target, target)
          .imageType(type)
          .asBufferedImage();
    }
    double scale = Math.min(1.0, (double) variant.size() / Math.max(w, h));
    int tw = Math.max(1, (int) Math.round(w * scale));
    int th = Math.max(1, (int) Math.round(h * scale));
    return Thumbnails.of(image).forceSize(tw, th).imageType(type).asBufferedImage();
  }

  /**
   * Writes {@code image} as the variant's format; returns the bytes written. JPEG has no alpha:
   * white behind.
   */
  static long write(BufferedImage image, Variant variant, Path target) throws IOException {
    if (variant.format().equals("png")) {
      if (!ImageIO.write(image, "png", target.toFile())) {
        throw new IOException("no png writer");
      }
      return Files.size(target);
    }
    BufferedImage opaque = image;
    if (image.getColorModel().hasAlpha()) {
      opaque = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
      Graphics2D g = opaque.createGraphics();
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.drawImage(image, 0, 0, null);
      g.dispose();
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    Files.deleteIfExists(target);
    try (ImageOutputStream out = ImageIO.createImageOutputStream(target.toFile())) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY);
      writer.setOutput(out);
      writer.write(null, new IIOImage(opaque, null, null), param);
    } finally {
      writer.dispose();
    }
    return Files.size(target);
  }
}
