package io.sinal.hub;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cursor string: per channel, the last position seen, as {@code channel~epoch~offset} entries
 * joined by ','. '~' and ',' are not allowed in channel names, so the split is unambiguous.
 */
public final class Cursor {
  private Cursor() {}

  /**
   * Parses a cursor; null or empty gives an empty map. Every field is checked in full, entries of
   * channels not subscribed too: they are carried along into the cursors the server writes (an SSE
   * {@code id:} line), so a character they could smuggle there (a newline) must never get in.
   */
  public static LinkedHashMap<String, StreamPosition> parse(String cursor) {
    LinkedHashMap<String, StreamPosition> positions = new LinkedHashMap<>();
    if (cursor == null || cursor.isEmpty()) {
      return positions;
    }
    if (cursor.length() > 64 * 1024) {
      throw new SinalException(ErrorCode.BAD_REQUEST, "cursor is longer than 65536 characters");
    }
    for (String entry : cursor.split(",", -1)) {
      String[] parts = entry.split("~", -1);
      if (parts.length != 3) {
        throw bad(entry, "expected channel~epoch~offset");
      }
      try {
        ChannelName.of(parts[0]);
      } catch (SinalException e) {
        throw bad(entry, "the channel must be 1 to 255 characters of A-Z a-z 0-9 _ - : . @ #");
      }
      if (!StreamPosition.isEpoch(parts[1])) {
        throw bad(
            entry,
            "the epoch must be 1 to "
                + StreamPosition.MAX_EPOCH_LENGTH
                + " characters of A-Z a-z 0-9 _ -");
      }
      positions.put(parts[0], new StreamPosition(parts[1], offset(entry, parts[2])));
    }
    return positions;
  }

  /**
   * A non-negative decimal, digits only: no sign, blank or other leading junk that parseLong
   * allows.
   */
  private static long offset(String entry, String digits) {
    if (digits.isEmpty()
        || digits.length() > 19
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw bad(entry, "the offset must be a whole number");
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw bad(entry, "the offset is too large");
    }
  }

  private static SinalException bad(String entry, String why) {
    String shown = entry.length() > 80 ? entry.substring(0, 80) + "…" : entry;
    return new SinalException(
        ErrorCode.BAD_REQUEST,
        "malformed cursor entry '" + shown.replaceAll("\\p{Cntrl}", "?") + "': " + why);
  }

  public static String format(Map<String, StreamPosition> positions) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, StreamPosition> e : positions.entrySet()) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(e.getKey())
          .append('~')
          .append(e.getValue().epoch())
          .append('~')
          .append(e.getValue().offset());
    }
    return out.toString();
  }
}
