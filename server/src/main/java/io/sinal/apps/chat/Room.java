package io.sinal.apps.chat;

import io.sinal.hub.ChannelName;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.SinalException;
import java.util.regex.Pattern;

/**
 * A chat room: its name and the two channels it lives on, {@code chat:<room>} for messages (with
 * presence) and {@code chat-typing:<room>} for typing indicators, kept apart so they never take a
 * message's place in history.
 */
record Room(String name) {
  static final String NAMESPACE = "chat";
  static final String TYPING_NAMESPACE = "chat-typing";
  static final int MAX_LENGTH = 40;

  /**
   * Lower case only, so "Lobby" and "lobby" are not two rooms; no dot, so page assets never look
   * like rooms.
   */
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0," + (MAX_LENGTH - 1) + "}");

  /**
   * A room name from a URL or a form; fails with {@code invalid_channel} saying what is allowed.
   */
  static Room of(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new SinalException(
          ErrorCode.INVALID_CHANNEL,
          "invalid room name '"
              + printable(name)
              + "': 1 to "
              + MAX_LENGTH
              + " characters of a-z 0-9 _ -, starting with a letter or digit");
    }
    return new Room(name);
  }

  /** The room a chat or typing channel belongs to. */
  static Room of(ChannelName channel) {
    return of(channel.rest());
  }

  ChannelName channel() {
    return ChannelName.of(NAMESPACE + ":" + name);
  }

  ChannelName typingChannel() {
    return ChannelName.of(TYPING_NAMESPACE + ":" + name);
  }

  private static String printable(String name) {
    if (name == null) {
      return "";
    }
    String cut = name.length() > 64 ? name.substring(0, 64) + "…" : name;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
