package io.sinal.apps.pix;

/**
 * Stable error codes of the PIX routes (docs/apps/pix.md, "Errors"), each with its HTTP status. The
 * 2xx range keeps them apart from the protocol's own codes (100–111).
 */
public enum PixError {
  /** The body is not a JSON object, or a field other than the value is missing or of the wrong type. */
  BAD_REQUEST(201, 400),
  /** The value is missing, not a number, not positive, has more than two decimals or is too large. */
  INVALID_VALUE(202, 400),
  /** The webhook's X-Signature header is missing or does not match the body. */
  BAD_SIGNATURE(203, 401),
  /** No payment with that id or bank payment id. */
  NOT_FOUND(204, 404),
  /** The confirmed value differs from the payment's. */
  VALUE_MISMATCH(205, 400),
  /** The payment expired before the confirmation arrived. */
  EXPIRED(206, 409),
  /** The bank simulator is off on this server: {@code /bank} is not there. */
  SIMULATOR_DISABLED(207, 404),
  /** The client address created more than {@code --pix-create-rate} payments a minute; Retry-After says when. */
  RATE_LIMITED(208, 429),
  /** The store holds {@code --pix-max-pending} pending payments already; Retry-After says when to try again. */
  TOO_MANY_PENDING(209, 503);

  private final int code;
  private final int httpStatus;

  PixError(int code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
