package io.sinal.hub;

/**
 * A refusal the client caused or must know about, carrying a stable {@link ErrorCode}: the one
 * exception of the protocol, the hub and every application. The message is shown to the client as
 * is, so it names the offending value and never internals. No stack trace: these are answers, not
 * bugs.
 */
public final class SinalException extends RuntimeException {
  private final ErrorCode code;
  private final long retryAfterSeconds;

  public SinalException(ErrorCode code, String message) {
    this(code, message, 0);
  }

  /**
   * A refusal that can succeed later: over HTTP, {@code Retry-After} says when, if {@code
   * retryAfterSeconds} is positive.
   */
  public SinalException(ErrorCode code, String message, long retryAfterSeconds) {
    super(message, null, false, false);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ErrorCode code() {
    return code;
  }

  /** 0 when the answer has no {@code Retry-After}. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
