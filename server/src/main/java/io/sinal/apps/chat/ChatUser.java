package io.sinal.apps.chat;

import io.sinal.hub.ErrorCode;
import io.sinal.hub.SinalException;
import java.security.SecureRandom;

/**
 * Who writes in the chat. People pick a display name; the server makes it a user id by adding a
 * random tag ({@code alice#k3v9q2}) and mints a token with that id as {@code sub}. The id is what
 * presence counts and what messages are signed with, so two people both called "alice" stay two
 * users, and one person's tabs sharing a token count once. The name is the id without its tag, so
 * presence (which only knows ids) can show it.
 *
 * @param id the token's {@code sub}
 * @param name what the pages show
 */
record ChatUser(String id, String name) {
  static final int MAX_NAME = 32;

  /** The longest id a message is stored with; the column is as wide. */
  static final int MAX_ID = 255;

  private static final int TAG = 6;
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new user for a chosen name, normalized by {@link ChatName#normalize}: 1 to 32 characters. */
  static ChatUser mint(String name) {
    String trimmed = ChatName.normalize(name);
    int length = trimmed.codePointCount(0, trimmed.length());
    if (length == 0) {
      throw new SinalException(ErrorCode.BAD_REQUEST, "pick a name: 'name' is empty");
    }
    if (length > MAX_NAME) {
      throw new SinalException(
          ErrorCode.BAD_REQUEST,
          "'name' is " + length + " characters, at most " + MAX_NAME + " are allowed");
    }
    char[] tag = new char[TAG];
    for (int i = 0; i < TAG; i++) {
      tag[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new ChatUser(trimmed + "#" + new String(tag), trimmed);
  }

  /**
   * The user a token's {@code sub} names. Ids the chat did not mint (say {@code sinal token --user
   * bob}) have no tag and are their own name. An empty id is an anonymous connection: refused.
   */
  static ChatUser of(String id) {
    if (id.isEmpty()) {
      throw new SinalException(
          ErrorCode.FORBIDDEN, "pick a name first: chat needs a token from POST /chat/session");
    }
    if (id.length() > MAX_ID) {
      throw new SinalException(
          ErrorCode.FORBIDDEN, "user ids longer than " + MAX_ID + " characters cannot chat");
    }
    return new ChatUser(id, nameOf(id));
  }

  /** The name in a user id: everything before the last '#', or the whole id when it has no tag. */
  static String nameOf(String id) {
    int hash = id.lastIndexOf('#');
    return hash > 0 ? id.substring(0, hash) : id;
  }
}
