package io.sinal.hub;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cursor string: per channel, the last position seen, as {@code channel~epoch~offset} entries
 * joined by ','. '~' and ',' are not allowed in channel names, so the split is unambiguous.
 */
public final class Cursor {
  private Cursor() {}

  /** Parses a cursor; null or empty gives an empty map. */
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
      if (parts.length != 3 || parts[1].isEmpty()) {
        throw bad(entry);
      }
      ChannelName.of(parts[0]);
      long offset;
      try {
        offset = Long.parseLong(parts[2]);
      } catch (NumberFormatException e) {
        throw bad(entry);
      }
      if (offset < 0) {
        throw bad(entry);
      }
      positions.put(parts[0], new StreamPosition(parts[1], offset));
    }
    return positions;
  }

  private static SinalException bad(String entry) {
    String shown = entry.length() > 80 ? entry.substring(0, 80) + "…" : entry;
    return new SinalException(
        ErrorCode.BAD_REQUEST, "malformed cursor entry '" + shown + "': expected channel~epoch~offset");
  }

  public static String format(Map<String, StreamPosition> positions) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, StreamPosition> e : positions.entrySet()) {
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(e.getKey()).append('~').append(e.getValue().epoch()).append('~').append(e.getValue().offset());
    }
    return out.toString();
  }
}
