package io.sinal.hub;

/**
 * A validated channel name: 1–255 chars of {@code A-Z a-z 0-9 _-:.@#}; namespace before the first
 * ':'.
 */
public record ChannelName(String value, String namespace) {
  public static final int MAX_LENGTH = 255;

  public static ChannelName of(String value) {
    if (value == null || value.isEmpty()) {
      throw new SinalException(ErrorCode.INVALID_CHANNEL, "channel name is missing");
    }
    if (value.length() > MAX_LENGTH) {
      throw new SinalException(
          ErrorCode.INVALID_CHANNEL,
          "channel name is " + value.length() + " characters long, the maximum is " + MAX_LENGTH);
    }
    for (int i = 0; i < value.length(); i++) {
      if (!allowed(value.charAt(i))) {
        throw new SinalException(
            ErrorCode.INVALID_CHANNEL,
            "invalid channel name '"
                + printable(value)
                + "': allowed are A-Z a-z 0-9 _-:.@# up to 255");
      }
    }
    int colon = value.indexOf(':');
    return new ChannelName(value, colon < 0 ? "" : value.substring(0, colon));
  }

  static boolean allowed(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-'
        || c == ':'
        || c == '.'
        || c == '@'
        || c == '#';
  }

  private static String printable(String value) {
    String cut = value.length() > 64 ? value.substring(0, 64) + "…" : value;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  /** The part after the namespace, e.g. "alice" for "user:alice". */
  public String rest() {
    return namespace.isEmpty() ? value : value.substring(namespace.length() + 1);
  }

  @Override
  public String toString() {
    return value;
  }
}
