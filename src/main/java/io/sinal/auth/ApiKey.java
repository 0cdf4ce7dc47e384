package io.sinal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The server API key, compared in constant time against {@code Authorization: Bearer <key>}. */
public final class ApiKey {
  private final byte[] key;

  public ApiKey(String key) {
    this.key = key.getBytes(StandardCharsets.UTF_8);
  }

  public boolean matches(String authorizationHeader) {
    if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(key, given);
  }
}
