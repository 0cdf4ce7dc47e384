package io.sinal.apps.uploads;

/**
 * The formats accepted, told apart by their first bytes only: names and Content-Type are the
 * client's word.
 */
enum ImageFormat {
  JPEG(new int[] {0xFF, 0xD8, 0xFF}),
  PNG(new int[] {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}),
  // GIF87a and GIF89a
  GIF(new int[] {'G', 'I', 'F', '8'});

  /** Bytes needed to tell every format apart. */
  static final int SNIFF_BYTES = 8;

  private final int[] magic;

  ImageFormat(int[] magic) {
    this.magic = magic;
  }

  String wire() {
    return name().toLowerCase();
  }

  /** The format whose magic bytes {@code head} starts with, or null. */
  static ImageFormat sniff(byte[] head) {
    for (ImageFormat format : values()) {
      if (format.matches(head)) {
        return format;
      }
    }
    return null;
  }

  private boolean matches(byte[] head) {
    if (head.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
