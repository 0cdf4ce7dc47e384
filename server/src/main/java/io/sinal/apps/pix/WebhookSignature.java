package io.sinal.apps.pix;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bank's signature on a confirmation webhook: header {@code X-Signature: sha256=<hex>}, the
 * HMAC-SHA256 of the raw request body under the shared secret. The raw bytes are signed, not a
 * parsed form, so any change to the body (even whitespace) breaks the signature.
 */
public final class WebhookSignature {
  public static final String HEADER = "X-Signature";
  private static final String PREFIX = "sha256=";

  private final SecretKeySpec key;

  public WebhookSignature(String secret) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
  }

  /** The header value for {@code body}. */
  public String sign(byte[] body) {
    return PREFIX + HexFormat.of().formatHex(hmac(body));
  }

  /** Whether {@code header} is the signature of {@code body}; compared in constant time. */
  public boolean verify(byte[] body, String header) {
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(header.substring(PREFIX.length()).trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmac(body), given);
  }

  private byte[] hmac(byte[] body) {
    try {
      // A Mac is not thread-safe and costs little to make: one per call.
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
