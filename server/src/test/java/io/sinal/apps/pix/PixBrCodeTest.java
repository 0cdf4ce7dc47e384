package io.sinal.apps.pix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PixBrCodeTest {
  /**
   * The static example of the Banco Central's BR Code manual: key, name, city, no amount, no txid.
   */
  private static final String MANUAL_STATIC =
      "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-426655440000"
          + "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";

  /** The dynamic example of the same manual: an amount of 123.45 and a transaction id. */
  private static final String MANUAL_DYNAMIC =
      "00020101021226720014br.gov.bcb.pix2550bx.com.br/pix/8b3da2f3-9a41-40d1-a91a-bd93113bd441"
          + "5204000053039865406123.455802BR5913Fulano de Tal6008BRASILIA62190515RP12345678-2019630445C8";

  @Test
  void theManualsStaticExampleIsReproducedByteForByte() {
    assertThat(
            BrCode.of(
                "123e4567-e12b-12d1-a456-426655440000",
                "Fulano de Tal",
                "BRASILIA",
                null,
                BrCode.NO_TXID))
        .isEqualTo(MANUAL_STATIC);
  }

  @Test
  void crcIsCcittFalse() {
    // The standard check value of CRC-16/CCITT-FALSE
    assertThat(BrCode.crc16("123456789")).isEqualTo(0x29B1);
    assertThat(BrCode.crc16(MANUAL_DYNAMIC.substring(0, MANUAL_DYNAMIC.length() - 4)))
        .isEqualTo(0x45C8);
  }

  @Test
  void theManualsDynamicExampleParsesWithItsAmountAndTransactionId() {
    Map<String, String> fields = BrCode.parse(MANUAL_DYNAMIC);
    assertThat(fields.get("54")).isEqualTo("123.45");
    assertThat(BrCode.fields(fields.get("62"))).containsEntry("05", "RP12345678-2019");
    assertThat(BankSimulator.read(MANUAL_DYNAMIC))
        .as("what the bank simulator confirms when it pays this code")
        .isEqualTo(new Confirmation("RP12345678-2019", new BigDecimal("123.45")));
  }

  @Test
  void aShopCodeHasEveryFieldInOrderWithTheAmountAndTransactionId() {
    String code = shopCode("10.5", "AbC123xyz");
    Map<String, String> fields = BrCode.parse(code);
    assertThat(List.copyOf(fields.keySet()))
        .containsExactly("00", "26", "52", "53", "54", "58", "59", "60", "62", "63");
    assertThat(fields.get("00")).isEqualTo("01");
    assertThat(BrCode.fields(fields.get("26")))
        .containsExactly(Map.entry("00", "br.gov.bcb.pix"), Map.entry("01", "pix@shop.example"));
    assertThat(fields.get("52")).isEqualTo("0000");
    assertThat(fields.get("53")).isEqualTo("986");
    assertThat(fields.get("54")).as("two decimals, a dot").isEqualTo("10.50");
    assertThat(fields.get("58")).isEqualTo("BR");
    assertThat(fields.get("59")).isEqualTo("Shop");
    assertThat(fields.get("60")).isEqualTo("SAO PAULO");
    assertThat(BrCode.fields(fields.get("62"))).containsExactly(Map.entry("05", "AbC123xyz"));
    assertThat(code)
        .contains("540510.50")
        .endsWith(String.format("%04X", BrCode.crc16(code.substring(0, code.length() - 4))));
  }

  @Test
  void aMistypedCodeFailsItsCrc() {
    String code = shopCode("10.50", "TX1");
    String mistyped = code.replace("540510.50", "540510.60");
    assertThatThrownBy(() -> BrCode.parse(mistyped)).hasMessageContaining("CRC");
    assertThatThrownBy(() -> BrCode.parse(code.substring(0, 30)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BrCode.parse("hello")).hasMessageContaining("000201");
  }

  @Test
  void textBeyondTheBrCodesLimitsIsRefused() {
    assertThatThrownBy(() -> BrCode.of("k", "A name longer than 25 chars", "CITY", null, "TX"))
        .hasMessageContaining("merchant name");
    assertThatThrownBy(() -> BrCode.of("k", "Shop", "São Paulo", null, "TX"))
        .hasMessageContaining("ASCII");
    assertThatThrownBy(() -> BrCode.of("k", "Shop", "CITY", null, "has-dash"))
        .hasMessageContaining("transaction id");
  }

  private static String shopCode(String amount, String txid) {
    return BrCode.of("pix@shop.example", "Shop", "SAO PAULO", new BigDecimal(amount), txid);
  }

  @Test
  void everyQrCodeIsFoundByAPlainReaderWhateverItsMaskPattern() throws Exception {
    // About one code in ten drawn with the encoder's own mask choice is not found by ZXing's
    // reader;
    // a hundred random charges would all but surely include some.
    Random random = new Random(42);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < 100; i++) {
      StringBuilder txid = new StringBuilder();
      for (int k = 0; k < 25; k++) {
        txid.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String payload =
          BrCode.of(
              "123e4567-e12b-12d1-a456-426655440000",
              "Sinal Demo Shop",
              "SAO PAULO",
              new BigDecimal("42.00"),
              txid.toString());
      var image = ImageIO.read(new ByteArrayInputStream(QrCode.png(payload)));
      String decoded =
          new MultiFormatReader()
              .decode(
                  new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))))
              .getText();
      assertThat(decoded).as("charge %d", i).isEqualTo(payload);
    }
  }
}
