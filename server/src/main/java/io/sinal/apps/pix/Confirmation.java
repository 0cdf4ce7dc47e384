package io.sinal.apps.pix;

import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * The body of the bank's confirmation webhook: {@code {"bank_payment_id": "…", "value": 10.50}}.
 *
 * @param value as the bank sent it, exactly; compared with the payment's by numeric value
 */
public record Confirmation(String bankPaymentId, BigDecimal value) {
  static Confirmation parse(byte[] body) {
    JsonBody json = JsonBody.parse(body);
    return new Confirmation(
        json.string("bank_payment_id", 64, true), json.decimal("value", PixError.BAD_REQUEST));
  }

  /**
   * The body as the bank simulators send it; the value keeps its scale ({@code 10.50}, not {@code
   * 10.5}).
   */
  public byte[] body() {
    return new JsonObject()
        .put("bank_payment_id", bankPaymentId)
        .put("value", value)
        .encode()
        .getBytes(StandardCharsets.UTF_8);
  }
}
