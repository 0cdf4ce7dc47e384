package io.sinal.apps.pix;

import io.sinal.config.AppOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The PIX app's configuration (docs/configuration.md).
 *
 * @param key the receiver's PIX key written into every BR Code
 * @param merchantName up to 25 characters, as the payer's bank shows it
 * @param merchantCity up to 15 characters
 * @param expiry how long a payment stays payable
 * @param webhookSecret the HMAC secret shared with the bank; null means "read or generate it in the
 *     data directory" under {@link #SECRET_KEY}
 * @param bankSimulator {@code --pix-bank-simulator}: {@code auto} (on only when {@code loopback}),
 *     {@code true} or {@code false}. Anyone who can reach {@code /bank} can mark payments paid, so
 *     the default serves it only to the machine itself
 * @param loopback whether the server listens on a loopback address only ({@link #isLoopback})
 * @param createRate payments one client address may create per minute: a burst of that many, then
 *     one every minute / createRate
 * @param maxPending pending payments the store may hold; more refuses new ones until some are paid
 *     or expire
 */
public record PixOptions(
    String key,
    String merchantName,
    String merchantCity,
    Duration expiry,
    String webhookSecret,
    String bankSimulator,
    boolean loopback,
    int createRate,
    int maxPending)
    implements AppOptions {
  public static final String SECRET_KEY = "pix_webhook_secret";
  private static final Set<String> SIMULATOR = Set.of("auto", "true", "false");

  public PixOptions {
    // the BR Code's own limits, named by the option that sets them
    BrCode.checkText("--pix-key", key, 77);
    BrCode.checkText("--pix-merchant-name", merchantName, 25);
    BrCode.checkText("--pix-merchant-city", merchantCity, 15);
    if (expiry.toMinutes() < 1 || expiry.toMinutes() > 24 * 60) {
      throw new IllegalArgumentException(
          "--pix-expiry-minutes must be 1 to 1440, was " + expiry.toMinutes());
    }
    if (!SIMULATOR.contains(bankSimulator)) {
      throw new IllegalArgumentException(
          "--pix-bank-simulator must be auto, true or false, was " + bankSimulator);
    }
    if (createRate < 1 || createRate > 100_000) {
      throw new IllegalArgumentException(
          "--pix-create-rate must be 1 to 100000 payments a minute, was " + createRate);
    }
    if (maxPending < 1 || maxPending > 10_000_000) {
      throw new IllegalArgumentException(
          "--pix-max-pending must be 1 to 10000000, was " + maxPending);
    }
  }

  @Override
  public void describe(BiConsumer<String, String> line) {
    line.accept("pix-key", key);
    line.accept("pix-merchant", merchantName + ", " + merchantCity);
    line.accept("pix-expiry-minutes", String.valueOf(expiry.toMinutes()));
    line.accept(
        "pix-webhook-secret",
        webhookSecret == null ? "(from data dir)" : AppOptions.mask(webhookSecret));
    line.accept(
        "pix-bank-simulator",
        bankSimulator
            + (simulatorOn() ? " (on" : " (off")
            + (loopback ? ", loopback host)" : ", host reachable from other machines)"));
    line.accept("pix-create-rate", createRate + " per minute per address");
    line.accept("pix-max-pending", String.valueOf(maxPending));
  }

  /**
   * The webhook's HMAC key: the server generates one in the data directory unless it is configured.
   */
  @Override
  public List<Secret> secrets() {
    return List.of(new Secret(SECRET_KEY, "--pix-webhook-secret", webhookSecret));
  }

  /** Whether {@code /bank} is served: asked for, or left to {@code auto} on a loopback address. */
  public boolean simulatorOn() {
    return bankSimulator.equals("true") || (bankSimulator.equals("auto") && loopback);
  }

  /**
   * On although other machines can reach it: only by an explicit {@code true}, and warned about.
   */
  public boolean simulatorExposed() {
    return simulatorOn() && !loopback;
  }

  /**
   * Whether {@code host} (the {@code --host} value) is a loopback address: {@code localhost},
   * 127.0.0.0/8 or ::1. Judged from the text, never by a DNS lookup; other names count as
   * reachable.
   */
  public static boolean isLoopback(String host) {
    String h = host.trim();
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.equalsIgnoreCase("localhost") || h.matches("127(\\.\\d{1,3}){3}")) {
      return true;
    }
    try {
      // with a colon this is parsed as an IPv6 literal, never looked up
      return h.contains(":") && InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
