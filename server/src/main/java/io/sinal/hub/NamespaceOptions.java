package io.sinal.hub;

import java.time.Duration;

/**
 * Options shared by every channel of a namespace.
 *
 * @param historySize publications kept per channel for recovery; 0 keeps none
 * @param historyTtl how long a publication stays in history
 * @param presence whether subscribers are tracked and join/leave pushed
 * @param clientPublish whether clients may publish (the server API always may)
 * @param access who may subscribe
 */
public record NamespaceOptions(
    int historySize, Duration historyTtl, boolean presence, boolean clientPublish, Access access) {

  public static final NamespaceOptions DEFAULT =
      new NamespaceOptions(100, Duration.ofHours(1), false, false, Access.PUBLIC);

  public NamespaceOptions {
    if (historySize < 0 || historySize > 100_000) {
      throw new IllegalArgumentException(
          "history must be between 0 and 100000, was " + historySize);
    }
    if (historyTtl.isNegative() || historyTtl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + historyTtl);
    }
  }

  public NamespaceOptions withPresence(boolean on) {
    return new NamespaceOptions(historySize, historyTtl, on, clientPublish, access);
  }

  public NamespaceOptions withClientPublish(boolean on) {
    return new NamespaceOptions(historySize, historyTtl, presence, on, access);
  }

  public NamespaceOptions withAccess(Access value) {
    return new NamespaceOptions(historySize, historyTtl, presence, clientPublish, value);
  }

  public NamespaceOptions withHistory(int size, Duration ttl) {
    return new NamespaceOptions(size, ttl, presence, clientPublish, access);
  }
}
