package io.sinal.apps.uploads;

import io.sinal.api.ApiException;

/**
 * A refusal of an uploads request, with a stable {@link UploadError}. The message is shown to the
 * caller as is, so it names the offending value and never internals.
 */
final class UploadException extends ApiException {
  private final UploadError error;

  UploadException(UploadError error, String message) {
    this(error, message, 0);
  }

  /** A refusal that can succeed later: {@code Retry-After} is sent when {@code retryAfterSeconds} is positive. */
  UploadException(UploadError error, String message, long retryAfterSeconds) {
    super(error.code(), error.httpStatus(), message, retryAfterSeconds);
    this.error = error;
  }

  UploadError error() {
    return error;
  }
}
