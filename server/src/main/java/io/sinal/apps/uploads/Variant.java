package io.sinal.apps.uploads;

/**
 * What is made of every image, in this order: each is one processing step and one {@code variant}
 * event. Sizes bound the longer side and never enlarge; the thumbnail is the centre square.
 */
enum Variant {
  LARGE_JPEG("1280.jpg", 1280, false, "jpeg"),
  LARGE_PNG("1280.png", 1280, false, "png"),
  MEDIUM_JPEG("640.jpg", 640, false, "jpeg"),
  MEDIUM_PNG("640.png", 640, false, "png"),
  THUMB_JPEG("thumb.jpg", 160, true, "jpeg"),
  THUMB_PNG("thumb.png", 160, true, "png");

  private final String fileName;
  private final int size;
  private final boolean square;
  private final String format;

  Variant(String fileName, int size, boolean square, String format) {
    this.fileName = fileName;
    this.size = size;
    this.square = square;
    this.format = format;
  }

  /** The name in URLs, events and on disk, e.g. {@code 640.jpg}. */
  String fileName() {
    return fileName;
  }

  int size() {
    return size;
  }

  boolean square() {
    return square;
  }

  /** {@code jpeg} or {@code png}: the ImageIO writer and the wire name. */
  String format() {
    return format;
  }

  String contentType() {
    return "image/" + format;
  }

  /**
   * Whether it is made from the same resized pixels as the variant before it (same size, other
   * format).
   */
  boolean sameSizeAsPrevious() {
    return ordinal() > 0 && values()[ordinal() - 1].size == size;
  }

  static Variant ofFileName(String name) {
    for (Variant v : values()) {
      if (v.fileName.equals(name)) {
        return v;
      }
    }
    return null;
  }
}
