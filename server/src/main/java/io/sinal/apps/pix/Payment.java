package io.sinal.apps.pix;

import io.sinal.hub.SinalException;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One PIX charge as stored.
 *
 * @param id unguessable: it is the capability to see the payment and follow its channel
 * @param orderNumber short and sequential, for people
 * @param bankPaymentId the BR Code's transaction id, which the bank reports back when it is paid
 * @param value in reais, exactly two decimal places
 * @param description null when none was given
 * @param payload the BR Code ("PIX copia e cola")
 * @param paidAt null unless paid
 */
public record Payment(
    String id,
    long orderNumber,
    String bankPaymentId,
    BigDecimal value,
    String description,
    String payload,
    PaymentStatus status,
    Instant createdAt,
    Instant expiresAt,
    Instant paidAt) {

  /** Larger values are refused: nobody charges a million reais through a checkout QR code. */
  public static final BigDecimal MAX_VALUE = new BigDecimal("1000000.00");

  public static final String NAMESPACE = "payments";

  /** Checks a requested value and returns it with scale 2; the message says what is wrong. */
  public static BigDecimal checkValue(BigDecimal value) {
    // toString, not toPlainString, when echoing: 1e999999999 must not become a billion digits
    if (value.signum() <= 0) {
      throw new SinalException(
          PixError.INVALID_VALUE, "'value' must be more than zero, was " + value);
    }
    if (value.compareTo(MAX_VALUE) > 0) {
      throw new SinalException(
          PixError.INVALID_VALUE, "'value' must be at most " + MAX_VALUE + ", was " + value);
    }
    if (value.stripTrailingZeros().scale() > 2) {
      throw new SinalException(
          PixError.INVALID_VALUE, "'value' has more than two decimal places: " + value);
    }
    return value.setScale(2);
  }

  /** The channel its status changes are published on. */
  public String channel() {
    return channel(id);
  }

  public static String channel(String id) {
    return NAMESPACE + ":" + id;
  }

  public Payment withStatus(PaymentStatus newStatus, Instant newPaidAt) {
    return new Payment(
        id,
        orderNumber,
        bankPaymentId,
        value,
        description,
        payload,
        newStatus,
        createdAt,
        expiresAt,
        newPaidAt);
  }

  /**
   * The API's JSON form; URLs are relative to the server's base URL, so they hold behind any proxy.
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("order_number", orderNumber)
        .put("status", status.wire())
        .put("value", value)
        .put("description", description)
        .put("bank_payment_id", bankPaymentId)
        .put("copy_paste", payload)
        .put("qr_code", "/payments/pix/qr_code/" + id)
        .put("page", "/payments/pix/" + id)
        .put("channel", channel())
        .put("created_at", createdAt.toString())
        .put("expiration_date", expiresAt.toString())
        .put("paid_at", paidAt == null ? null : paidAt.toString());
  }
}
