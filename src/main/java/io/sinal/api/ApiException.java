package io.sinal.api;

/**
 * A refusal by an application route, with its own stable code and HTTP status, answered by
 * {@link io.sinal.http.HttpErrors} in the protocol's error shape. No stack trace: these are answers, not bugs.
 */
public class ApiException extends RuntimeException {
  private final int code;
  private final int httpStatus;
  private final long retryAfterSeconds;

  protected ApiException(int code, int httpStatus, String message) {
    this(code, httpStatus, message, 0);
  }

  /** @param retryAfterSeconds sent as {@code Retry-After} when positive: when trying again can succeed */
  protected ApiException(int code, int httpStatus, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.code = code;
    this.httpStatus = httpStatus;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** 0 when the answer has no {@code Retry-After}. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
