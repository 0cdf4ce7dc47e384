package io.sinal.hub;

/** Stable error codes of the protocol (docs/protocol.md, "Errors"), with the HTTP status each maps to. */
public enum ErrorCode {
  INTERNAL(100, 500),
  BAD_REQUEST(101, 400),
  UNKNOWN_COMMAND(102, 400),
  INVALID_CHANNEL(103, 400),
  UNKNOWN_NAMESPACE(104, 404),
  UNAUTHORIZED(105, 401),
  FORBIDDEN(106, 403),
  MESSAGE_TOO_LARGE(107, 413),
  LIMIT_EXCEEDED(108, 429),
  ALREADY_SUBSCRIBED(109, 400),
  NOT_AVAILABLE(110, 503),
  PRESENCE_DISABLED(111, 400),
  NOT_FOUND(112, 404),
  CONFLICT(113, 409);

  private final int code;
  private final int httpStatus;

  ErrorCode(int code, int httpStatus) {
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
