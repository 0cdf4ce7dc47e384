package io.sinal.apps.uploads;

/**
 * One file of a request once its bytes are on disk (or discarded): what the batch is created from.
 *
 * @param format null when {@code failure} is set
 * @param failure why it was refused on arrival, or null when it waits for processing
 */
record Arrival(int id, String name, long bytes, ImageFormat format, Rejected failure) {
  static final int MAX_NAME = 255;

  /**
   * The client's file name made fit for display, and only for display: the last path segment
   * (either separator), without control and formatting characters (bidi overrides), at most 255
   * characters.
   */
  static String displayName(String clientName) {
    String name = clientName == null ? "" : clientName;
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    name = name.replaceAll("[\\p{Cc}\\p{Cf}]", "").strip();
    if (name.length() > MAX_NAME) {
      name = name.substring(0, MAX_NAME);
    }
    return name.isEmpty() || name.equals(".") || name.equals("..") ? "image" : name;
  }
}
