package io.sinal.apps.pix;

import java.time.Duration;

/**
 * The PIX app's configuration (docs/configuration.md).
 *
 * @param key the receiver's PIX key written into every BR Code
 * @param merchantName up to 25 characters, as the payer's bank shows it
 * @param merchantCity up to 15 characters
 * @param expiry how long a payment stays payable
 * @param webhookSecret the HMAC secret shared with the bank; null means "read or generate it in the
 *     data directory" under {@link #SECRET_KEY}
 * @param bankSimulator whether {@code /bank} may send confirmations; anyone who can reach it can mark
 *     payments paid, so production turns it off
 */
public record PixOptions(
    String key, String merchantName, String merchantCity, Duration expiry, String webhookSecret, boolean bankSimulator) {
  public static final String SECRET_KEY = "pix_webhook_secret";

  public PixOptions {
    // the BR Code's own limits, named by the option that sets them
    BrCode.checkText("--pix-key", key, 77);
    BrCode.checkText("--pix-merchant-name", merchantName, 25);
    BrCode.checkText("--pix-merchant-city", merchantCity, 15);
    if (expiry.toMinutes() < 1 || expiry.toMinutes() > 24 * 60) {
      throw new IllegalArgumentException("--pix-expiry-minutes must be 1 to 1440, was " + expiry.toMinutes());
    }
  }
}
