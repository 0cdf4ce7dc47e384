package io.sinal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.atomic.LongAdder;

/** The server API key, compared in constant time against {@code Authorization: Bearer <key>}. */
public final class ApiKey {
  private final byte[] key;
  private final LongAdder failures = new LongAdder();

  public ApiKey(String key) {
    this.key = key.getBytes(StandardCharsets.UTF_8);
  }

  public boolean matches(String authorizationHeader) {
    boolean ok =
        authorizationHeader != null
            && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)
            && MessageDigest.isEqual(
                key, authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    if (!ok) {
      failures.increment();
    }
    return ok;
  }

  /** Requests refused for a missing or wrong key since start. */
  public long failures() {
    return failures.sum();
  }
}
