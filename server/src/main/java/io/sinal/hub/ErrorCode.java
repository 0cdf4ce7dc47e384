package io.sinal.hub;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A stable error code, shared by the protocol and every application: its number (what clients
 * switch on, never changed once published), the HTTP status it answers with, and a name for docs
 * and logs. Each area owns a range, listed in docs/protocol.md ("Errors"): 100–199 the protocol and
 * the hub (below), 200–299 PIX ({@code apps.pix.PixError}), 300–399 uploads ({@code
 * apps.uploads.UploadError}); the chat answers with the hub's codes. {@link SinalException} carries
 * one; {@code HttpErrors} and {@code protocol.Replies} are the only places that turn it into an
 * answer.
 *
 * <p>There is one instance per number: {@link #define} refuses a number that already means
 * something else, so two areas can never hand out the same code.
 */
public final class ErrorCode {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z_]{0,39}");

  /** Number → its one definition; filled as each area's catalog class is loaded. */
  private static final Map<Integer, ErrorCode> DEFINED = new ConcurrentHashMap<>();

  public static final ErrorCode INTERNAL = define(100, 500, "internal");
  public static final ErrorCode BAD_REQUEST = define(101, 400, "bad_request");
  public static final ErrorCode UNKNOWN_COMMAND = define(102, 400, "unknown_command");
  public static final ErrorCode INVALID_CHANNEL = define(103, 400, "invalid_channel");
  public static final ErrorCode UNKNOWN_NAMESPACE = define(104, 404, "unknown_namespace");
  public static final ErrorCode UNAUTHORIZED = define(105, 401, "unauthorized");
  public static final ErrorCode FORBIDDEN = define(106, 403, "forbidden");
  public static final ErrorCode MESSAGE_TOO_LARGE = define(107, 413, "message_too_large");
  public static final ErrorCode LIMIT_EXCEEDED = define(108, 429, "limit_exceeded");
  public static final ErrorCode ALREADY_SUBSCRIBED = define(109, 400, "already_subscribed");
  public static final ErrorCode NOT_AVAILABLE = define(110, 503, "not_available");
  public static final ErrorCode PRESENCE_DISABLED = define(111, 400, "presence_disabled");
  public static final ErrorCode NOT_FOUND = define(112, 404, "not_found");
  public static final ErrorCode CONFLICT = define(113, 409, "conflict");

  private final int code;
  private final int httpStatus;
  private final String name;

  private ErrorCode(int code, int httpStatus, String name) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.name = name;
  }

  /**
   * Defines code {@code code}, answered over HTTP with {@code httpStatus} (4xx for what the client
   * can fix or wait out, 5xx for the server's side). Call it once per code, in a static field of
   * the area's catalog; a number defined already, or out of 100–999, is a programming error and
   * fails loading.
   */
  public static ErrorCode define(int code, int httpStatus, String name) {
    if (code < 100
        || code > 999
        || httpStatus < 400
        || httpStatus > 599
        || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "error code "
              + code
              + " "
              + name
              + " (HTTP "
              + httpStatus
              + "): codes are 100-999, statuses 4xx or 5xx, names lower_snake_case");
    }
    ErrorCode defined = new ErrorCode(code, httpStatus, name);
    ErrorCode before = DEFINED.putIfAbsent(code, defined);
    if (before != null) {
      throw new IllegalStateException(
          "error code " + code + " is " + before.name + " already, not " + name);
    }
    return defined;
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return code + " " + name;
  }
}
