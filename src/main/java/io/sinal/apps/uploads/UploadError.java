package io.sinal.apps.uploads;

/**
 * Stable error codes of the uploads routes (docs/apps/uploads.md, "Errors"), each with its HTTP status.
 * The 3xx range keeps them apart from the protocol's codes (100–111) and PIX's (2xx). A file that
 * cannot be processed is not an error of the request: it fails alone, with a {@link Reason}.
 */
public enum UploadError {
  /** Not multipart/form-data, or no file in it. */
  BAD_REQUEST(301, 400),
  /** More files than {@code --uploads-max-files} in one request; nothing was kept. */
  TOO_MANY_FILES(302, 413),
  /** The request carried more bytes than every file at its limit could; the connection is closed. */
  REQUEST_TOO_LARGE(303, 413),
  /** No batch, file or variant with that id or name. */
  NOT_FOUND(304, 404),
  /** Cancelling a file that is already done, failed or cancelled. */
  ALREADY_FINISHED(305, 409),
  /** The batch's images declare more pixels than {@code --uploads-batch-pixels}; nothing was kept. */
  BATCH_TOO_LARGE(306, 413),
  /** The client's or the node's image work waiting is at its bound; nothing was kept, try again later. */
  BUSY(307, 429),
  /** The uploads' disk budget ({@code --uploads-max-disk}) is spent; nothing was kept, try again later. */
  INSUFFICIENT_STORAGE(308, 507),
  /** The client address sent its {@code --uploads-client-bytes-per-hour}; nothing was kept, Retry-After says when. */
  TOO_MANY_BYTES(309, 429);

  private final int code;
  private final int httpStatus;

  UploadError(int code, int httpStatus) {
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
