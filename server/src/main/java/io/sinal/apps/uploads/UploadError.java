package io.sinal.apps.uploads;

import io.sinal.hub.ErrorCode;

/**
 * The uploads routes' error codes (docs/apps/uploads.md, "Errors"): uploads own 300–399 (see {@link
 * ErrorCode}). A file that cannot be processed is not an error of the request: it fails alone, with
 * a {@link Reason}.
 */
public final class UploadError {
  /** Not multipart/form-data, or no file in it. */
  public static final ErrorCode BAD_REQUEST = ErrorCode.define(301, 400, "bad_request");

  /** More files than {@code --uploads-max-files} in one request; nothing was kept. */
  public static final ErrorCode TOO_MANY_FILES = ErrorCode.define(302, 413, "too_many_files");

  /**
   * The request carried more bytes than every file at its limit could; the connection is closed.
   */
  public static final ErrorCode REQUEST_TOO_LARGE = ErrorCode.define(303, 413, "request_too_large");

  /** No batch, file or variant with that id or name. */
  public static final ErrorCode NOT_FOUND = ErrorCode.define(304, 404, "not_found");

  /** Cancelling a file that is already done, failed or cancelled. */
  public static final ErrorCode ALREADY_FINISHED = ErrorCode.define(305, 409, "already_finished");

  /**
   * The batch's images declare more pixels than {@code --uploads-batch-pixels}; nothing was kept.
   */
  public static final ErrorCode BATCH_TOO_LARGE = ErrorCode.define(306, 413, "batch_too_large");

  /**
   * The client's or the node's image work waiting is at its bound; nothing was kept, try again
   * later.
   */
  public static final ErrorCode BUSY = ErrorCode.define(307, 429, "busy");

  /**
   * The uploads' disk budget ({@code --uploads-max-disk}) is spent; nothing was kept, try again
   * later.
   */
  public static final ErrorCode INSUFFICIENT_STORAGE =
      ErrorCode.define(308, 507, "insufficient_storage");

  /**
   * The client address sent its {@code --uploads-client-bytes-per-hour}; nothing was kept,
   * Retry-After says when.
   */
  public static final ErrorCode TOO_MANY_BYTES = ErrorCode.define(309, 429, "too_many_bytes");

  private UploadError() {}
}
