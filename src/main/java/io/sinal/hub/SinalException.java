package io.sinal.hub;

/**
 * A refusal the client caused or must know about, carrying a stable {@link ErrorCode}. The message is
 * shown to the client as is, so it names the offending value and never internals. No stack trace:
 * these are answers, not bugs.
 */
public final class SinalException extends RuntimeException {
  private final ErrorCode code;

  public SinalException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
