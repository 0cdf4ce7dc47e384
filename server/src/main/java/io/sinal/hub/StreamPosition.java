package io.sinal.hub;

import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;

/**
 * A place in a channel's stream: the epoch of its history and the offset of the last publication (0
 * = none).
 */
public record StreamPosition(String epoch, long offset) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

  /**
   * The longest epoch a cursor may carry: ours are 8 characters, the rest is room to change that.
   */
  public static final int MAX_EPOCH_LENGTH = 32;

  /**
   * Whether {@code epoch} is one a broker could have made: 1 to {@link #MAX_EPOCH_LENGTH}
   * characters of {@code A-Z a-z 0-9 _ -}. Every epoch comes from {@link #newEpoch} (the Redis
   * scripts store the one they are given), so anything else in a cursor is a client's invention.
   */
  public static boolean isEpoch(String epoch) {
    if (epoch.isEmpty() || epoch.length() > MAX_EPOCH_LENGTH) {
      return false;
    }
    for (int i = 0; i < epoch.length(); i++) {
      char c = epoch.charAt(i);
      if (!(c >= '0' && c <= '9'
          || c >= 'a' && c <= 'z'
          || c >= 'A' && c <= 'Z'
          || c == '_'
          || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code {"channel","epoch","offset"}}: how replies, pushes and the server API name a position.
   */
  public JsonObject toJson(String channel) {
    return new JsonObject().put("channel", channel).put("epoch", epoch).put("offset", offset);
  }

  /** A fresh epoch: 8 random characters, so histories that were lost are never confused. */
  public static String newEpoch() {
    char[] epoch = new char[8];
    for (int i = 0; i < epoch.length; i++) {
      epoch[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
    }
    return new String(epoch);
  }
}
