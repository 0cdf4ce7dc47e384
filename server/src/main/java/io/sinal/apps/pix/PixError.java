package io.sinal.apps.pix;

import io.sinal.hub.ErrorCode;

/**
 * The PIX routes' error codes (docs/apps/pix.md, "Errors"): PIX owns 200–299, apart from the
 * protocol's 100–199 (see {@link ErrorCode}). A refusal is a {@code SinalException} with one of
 * them.
 */
public final class PixError {
  /**
   * The body is not a JSON object, or a field other than the value is missing or of the wrong type.
   */
  public static final ErrorCode BAD_REQUEST = ErrorCode.define(201, 400, "bad_request");

  /**
   * The value is missing, not a number, not positive, has more than two decimals or is too large.
   */
  public static final ErrorCode INVALID_VALUE = ErrorCode.define(202, 400, "invalid_value");

  /** The webhook's X-Signature header is missing or does not match the body. */
  public static final ErrorCode BAD_SIGNATURE = ErrorCode.define(203, 401, "bad_signature");

  /** No payment with that id or bank payment id. */
  public static final ErrorCode NOT_FOUND = ErrorCode.define(204, 404, "not_found");

  /** The confirmed value differs from the payment's. */
  public static final ErrorCode VALUE_MISMATCH = ErrorCode.define(205, 400, "value_mismatch");

  /** The payment expired before the confirmation arrived. */
  public static final ErrorCode EXPIRED = ErrorCode.define(206, 409, "expired");

  /** The bank simulator is off on this server: {@code /bank} is not there. */
  public static final ErrorCode SIMULATOR_DISABLED =
      ErrorCode.define(207, 404, "simulator_disabled");

  /**
   * The client address created more than {@code --pix-create-rate} payments a minute; Retry-After
   * says when.
   */
  public static final ErrorCode RATE_LIMITED = ErrorCode.define(208, 429, "rate_limited");

  /**
   * The store holds {@code --pix-max-pending} pending payments already; Retry-After says when to
   * try again.
   */
  public static final ErrorCode TOO_MANY_PENDING = ErrorCode.define(209, 503, "too_many_pending");

  private PixError() {}
}
