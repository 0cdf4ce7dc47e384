package io.sinal.config;

import java.nio.charset.StandardCharsets;

/**
 * Refuses secrets too short to be safe. A 3-character JWT secret was cracked offline from one token
 * that anyone could get, and tokens for any user forged with it. 32 bytes is the HS256 and
 * HMAC-SHA256 key size (RFC 7518 §3.2); the generated secrets have 32 random bytes, 43 characters.
 */
public final class SecretStrength {
  public static final int MIN = 32;
  private static final String HOW =
      "make one with: openssl rand -base64 32 (or leave it unset: Sinal then generates one and keeps it in the data directory)";

  private SecretStrength() {}

  /** An HMAC key ({@code --jwt-secret}, {@code --pix-webhook-secret}): at least 32 bytes. */
  public static void requireKeyBytes(String name, String value) {
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes < MIN) {
      throw new IllegalArgumentException(
          name
              + " is "
              + bytes
              + " bytes long; an HMAC-SHA256 key needs at least "
              + MIN
              + ", or it can be cracked offline from one signature: "
              + HOW);
    }
  }

  /** A bearer key ({@code --api-key}): at least 32 characters. */
  public static void requireKeyCharacters(String name, String value) {
    int characters = value.codePointCount(0, value.length());
    if (characters < MIN) {
      throw new IllegalArgumentException(
          name
              + " is "
              + characters
              + " characters long; an API key needs at least "
              + MIN
              + ": "
              + HOW);
    }
  }
}
