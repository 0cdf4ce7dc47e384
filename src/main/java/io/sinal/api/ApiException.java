package io.sinal.api;

/**
 * A refusal by an application route, with its own stable code and HTTP status, answered by
 * {@link HttpErrors} in the protocol's error shape. No stack trace: these are answers, not bugs.
 */
public class ApiException extends RuntimeException {
  private final int code;
  private final int httpStatus;

  protected ApiException(int code, int httpStatus, String message) {
    super(message, null, false, false);
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
