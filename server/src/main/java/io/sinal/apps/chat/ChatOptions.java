package io.sinal.apps.chat;

import io.sinal.config.AppOptions;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * The chat app's configuration (docs/configuration.md).
 *
 * @param maxLength the longest message, in characters (Unicode code points)
 * @param rateLimit messages one user may send per {@link #RATE_WINDOW}: a burst of that many, then
 *     one every window / rateLimit
 * @param maxLeases presence leases one user may hold at once across rooms (polling pages), on all
 *     nodes together
 * @param retention how long a message is kept in the store; zero keeps messages until deleted by
 *     hand
 */
public record ChatOptions(int maxLength, int rateLimit, int maxLeases, Duration retention)
    implements AppOptions {
  public static final Duration RATE_WINDOW = Duration.ofSeconds(10);

  /** The column holds 4000 UTF-16 units: 2000 characters even if every one is an emoji. */
  static final int MAX_LENGTH_LIMIT = 2000;

  public ChatOptions {
    if (maxLength < 1 || maxLength > MAX_LENGTH_LIMIT) {
      throw new IllegalArgumentException(
          "--chat-max-length must be 1 to " + MAX_LENGTH_LIMIT + " characters, was " + maxLength);
    }
    if (rateLimit < 1 || rateLimit > 1000) {
      throw new IllegalArgumentException(
          "--chat-rate-limit must be 1 to 1000 messages, was " + rateLimit);
    }
    if (maxLeases < 1 || maxLeases > RoomPresence.MAX_LEASES) {
      throw new IllegalArgumentException(
          "--chat-max-leases must be 1 to " + RoomPresence.MAX_LEASES + ", was " + maxLeases);
    }
    if (retention.isNegative() || retention.toDays() > 3650) {
      throw new IllegalArgumentException(
          "--chat-retention-days must be 0 to 3650, was " + retention.toDays());
    }
  }

  @Override
  public void describe(BiConsumer<String, String> line) {
    line.accept("chat-max-length", String.valueOf(maxLength));
    line.accept("chat-rate-limit", rateLimit + " per " + RATE_WINDOW.toSeconds() + "s");
    line.accept("chat-max-leases", String.valueOf(maxLeases));
    line.accept(
        "chat-retention-days",
        retention.isZero() ? "0 (kept until deleted by hand)" : String.valueOf(retention.toDays()));
  }
}
