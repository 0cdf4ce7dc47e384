package io.sinal.apps.uploads;

/** Why one file failed, as {@code reason_code} in its {@code failed} event and state. */
enum Reason {
  /**
   * The first bytes are not those of a JPEG, PNG or GIF, whatever the name or Content-Type said.
   */
  NOT_AN_IMAGE,
  /** Larger than {@code --uploads-max-file-size}; the rest of it was discarded unread. */
  TOO_LARGE,
  /** The header declares more than {@code --uploads-max-pixels}; nothing was decoded. */
  TOO_MANY_PIXELS,
  /** The decoder stopped on damaged or unsupported data. */
  CORRUPT,
  /** The uploads' disk budget was spent before its outputs could be written; they were deleted. */
  INSUFFICIENT_STORAGE,
  /** A fault of the server; the log has the details. */
  INTERNAL;

  String wire() {
    return name().toLowerCase();
  }
}
