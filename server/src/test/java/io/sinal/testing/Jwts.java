package io.sinal.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Properties;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JWTs signed by hand, for the tokens {@code Tokens.mint} never makes: expired, forged, odd claims.
 */
public final class Jwts {
  private Jwts() {}

  /** An HS256 token with {@code payload} (JSON, taken as written) signed with {@code secret}. */
  public static String sign(String payload, String secret) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String head =
        b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return head + "." + b64.encodeToString(mac.doFinal(head.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
    }
  }

  /** As {@link #sign}, with the secret the server generated in its data directory. */
  public static String sign(String payload, TestSinal sinal) {
    Properties secrets = new Properties();
    try (Reader in = Files.newBufferedReader(sinal.dataDir().resolve("secrets.properties"))) {
      secrets.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sign(payload, secrets.getProperty("jwt_secret"));
  }
}
