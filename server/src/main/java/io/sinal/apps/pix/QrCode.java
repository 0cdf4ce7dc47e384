package io.sinal.apps.pix;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.EncodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * Renders a BR Code as a QR code PNG. CPU and image work: call it on a worker, not an event loop.
 */
final class QrCode {
  /** Pixels per side: big enough for a phone camera across a desk, small enough to send at once. */
  static final int SIZE = 360;

  private QrCode() {}

  static byte[] png(String payload) {
    // Level M, as the BR Code manual recommends; a 4-module quiet zone, as the QR standard asks.
    // Some mask patterns make codes that common readers (ZXing's among them, about one in ten) fail
    // to locate; the code is checked with a reader and, if it fails, drawn again with another mask.
    BitMatrix matrix = null;
    for (int mask = -1; mask < 8; mask++) {
      matrix = encode(payload, mask);
      if (readable(matrix, payload)) {
        break;
      }
    }
    try {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      MatrixToImageWriter.writeToStream(matrix, "PNG", png);
      return png.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code mask} -1 lets the encoder choose, as the QR standard describes; 0–7 forces one. */
  private static BitMatrix encode(String payload, int mask) {
    Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
    hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
    hints.put(EncodeHintType.MARGIN, 4);
    if (mask >= 0) {
      hints.put(EncodeHintType.QR_MASK_PATTERN, mask);
    }
    try {
      return new QRCodeWriter().encode(payload, BarcodeFormat.QR_CODE, SIZE, SIZE, hints);
    } catch (WriterException e) {
      throw new IllegalArgumentException(
          "cannot encode a QR code of " + payload.length() + " characters", e);
    }
  }

  private static boolean readable(BitMatrix matrix, String payload) {
    BinaryBitmap bitmap =
        new BinaryBitmap(
            new HybridBinarizer(
                new BufferedImageLuminanceSource(MatrixToImageWriter.toBufferedImage(matrix))));
    try {
      return payload.equals(new MultiFormatReader().decode(bitmap).getText());
    } catch (NotFoundException e) {
      return false;
    }
  }
}
