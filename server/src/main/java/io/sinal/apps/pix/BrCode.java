package io.sinal.apps.pix;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The PIX "copia e cola" payload: a BR Code, the Banco Central's profile of the EMV
 * merchant-presented QR code. A string of fields, each {@code id (2 digits) + length (2 digits) +
 * value}, ending with a CRC16 over everything before the CRC's own value.
 */
public final class BrCode {
  public static final String GUI = "br.gov.bcb.pix";

  /** The transaction id of a code that carries none. */
  public static final String NO_TXID = "***";

  private static final Pattern PRINTABLE = Pattern.compile("[\\x20-\\x7E]+");
  private static final Pattern TXID = Pattern.compile("[A-Za-z0-9]{1,25}");

  private BrCode() {}

  /**
   * A static BR Code for {@code key}, paying {@code amount} (null: the payer types it) with
   * transaction id {@code txid} ({@link #NO_TXID} for none). The limits are the BR Code's: name 25
   * characters, city 15, key 77, transaction id 25 letters and digits.
   */
  public static String of(
      String key, String merchantName, String city, BigDecimal amount, String txid) {
    checkText("PIX key", key, 77);
    checkText("merchant name", merchantName, 25);
    checkText("merchant city", city, 15);
    if (!txid.equals(NO_TXID) && !TXID.matcher(txid).matches()) {
      throw new IllegalArgumentException(
          "transaction id must be 1 to 25 letters and digits, was '" + txid + "'");
    }
    StringBuilder code =
        new StringBuilder()
            .append(field("00", "01")) // payload format indicator
            .append(
                field("26", field("00", GUI) + field("01", key))) // merchant account information
            .append(field("52", "0000")) // merchant category code: none given
            .append(field("53", "986")); // currency: Brazilian real (ISO 4217)
    if (amount != null) {
      code.append(field("54", amount.setScale(2).toPlainString()));
    }
    code.append(field("58", "BR"))
        .append(field("59", merchantName))
        .append(field("60", city))
        .append(field("62", field("05", txid))) // additional data: the transaction id
        .append("6304");
    return code.append(hex(crc16(code.toString()))).toString();
  }

  /**
   * The top-level fields of a BR Code, in order (the CRC field included), after checking its layout
   * and its CRC. Nested templates (26, 62) come as their raw value; read them with {@link #fields}.
   */
  public static Map<String, String> parse(String payload) {
    if (payload.length() < 8 || !payload.startsWith("000201")) {
      throw new IllegalArgumentException("not a BR Code: it must start with 000201");
    }
    int crcAt = payload.length() - 8;
    if (!payload.startsWith("6304", crcAt)) {
      throw new IllegalArgumentException("not a BR Code: it must end with the CRC field 6304XXXX");
    }
    String expected = hex(crc16(payload.substring(0, crcAt + 4)));
    if (!payload.substring(crcAt + 4).equalsIgnoreCase(expected)) {
      throw new IllegalArgumentException(
          "the BR Code's CRC is wrong: the code was mistyped or cut");
    }
    return fields(payload);
  }

  /** Splits {@code id + length + value} fields, as in a BR Code or one of its templates. */
  public static Map<String, String> fields(String tlv) {
    Map<String, String> fields = new LinkedHashMap<>();
    int at = 0;
    while (at < tlv.length()) {
      if (at + 4 > tlv.length()
          || !tlv.substring(at, at + 4).chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("not a BR Code: bad field header at position " + at);
      }
      int length = Integer.parseInt(tlv.substring(at + 2, at + 4));
      if (at + 4 + length > tlv.length()) {
        throw new IllegalArgumentException(
            "not a BR Code: field " + tlv.substring(at, at + 2) + " runs past the end");
      }
      fields.put(tlv.substring(at, at + 2), tlv.substring(at + 4, at + 4 + length));
      at += 4 + length;
    }
    return fields;
  }

  /** CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR. */
  public static int crc16(String data) {
    int crc = 0xFFFF;
    for (byte b : data.getBytes(StandardCharsets.UTF_8)) {
      crc ^= (b & 0xFF) << 8;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
      }
      crc &= 0xFFFF;
    }
    return crc;
  }

  private static String hex(int crc) {
    return String.format("%04X", crc);
  }

  private static String field(String id, String value) {
    if (value.length() > 99) {
      throw new IllegalArgumentException(
          "BR Code field " + id + " would be " + value.length() + " characters, at most 99 fit");
    }
    return id + String.format("%02d", value.length()) + value;
  }

  /**
   * Text fields hold printable ASCII only, so their length in characters is their length in bytes.
   */
  static void checkText(String what, String value, int max) {
    if (value == null
        || value.isEmpty()
        || value.length() > max
        || !PRINTABLE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + " must be 1 to "
              + max
              + " printable ASCII characters (no accents), was '"
              + value
              + "'");
    }
  }
}
