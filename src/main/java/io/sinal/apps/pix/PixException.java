package io.sinal.apps.pix;

import io.sinal.api.ApiException;

/**
 * A refusal of a PIX request, with a stable {@link PixError}. The message is shown to the caller as is,
 * so it names the offending value and never internals; no stack trace, as these are answers, not bugs.
 */
public final class PixException extends ApiException {
  private final PixError error;

  public PixException(PixError error, String message) {
    this(error, message, 0);
  }

  /** A refusal that can succeed later: {@code Retry-After} is sent when {@code retryAfterSeconds} is positive. */
  public PixException(PixError error, String message, long retryAfterSeconds) {
    super(error.code(), error.httpStatus(), message, retryAfterSeconds);
    this.error = error;
  }

  public PixError error() {
    return error;
  }
}
