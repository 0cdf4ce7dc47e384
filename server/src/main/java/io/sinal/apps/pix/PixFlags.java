package io.sinal.apps.pix;

import io.sinal.config.AppOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The PIX app's flags (docs/configuration.md), added to the server's command line. */
final class PixFlags implements AppOptions.Flags {
  @Option(
      names = "--pix-key",
      defaultValue = "${env:SINAL_PIX_KEY:-123e4567-e12b-12d1-a456-426655440000}",
      description =
          "PIX key receiving the payments (env SINAL_PIX_KEY; default: the Banco Central's example key).")
  String pixKey;

  @Option(
      names = "--pix-merchant-name",
      defaultValue = "${env:SINAL_PIX_MERCHANT_NAME:-Sinal Demo Shop}",
      description =
          "Merchant name in the BR Code, up to 25 characters (env SINAL_PIX_MERCHANT_NAME; default ${DEFAULT-VALUE}).")
  String pixMerchantName;

  @Option(
      names = "--pix-merchant-city",
      defaultValue = "${env:SINAL_PIX_MERCHANT_CITY:-SAO PAULO}",
      description =
          "Merchant city in the BR Code, up to 15 characters (env SINAL_PIX_MERCHANT_CITY; default ${DEFAULT-VALUE}).")
  String pixMerchantCity;

  @Option(
      names = "--pix-expiry-minutes",
      defaultValue = "${env:SINAL_PIX_EXPIRY_MINUTES:-30}",
      description =
          "Minutes a PIX payment stays payable (env SINAL_PIX_EXPIRY_MINUTES; default ${DEFAULT-VALUE}).")
  int pixExpiryMinutes;

  @Option(
      names = "--pix-webhook-secret",
      defaultValue = "${env:SINAL_PIX_WEBHOOK_SECRET}",
      description =
          "HMAC secret of the bank's confirmation webhook (env SINAL_PIX_WEBHOOK_SECRET; default: generated and stored in the data dir).")
  String pixWebhookSecret;

  @Option(
      names = "--pix-bank-simulator",
      defaultValue = "${env:SINAL_PIX_BANK_SIMULATOR:-auto}",
      description =
          "Serve the bank simulator at /bank: auto (only when --host is loopback), true or false (env SINAL_PIX_BANK_SIMULATOR; default ${DEFAULT-VALUE}).")
  String pixBankSimulator;

  @Option(
      names = "--pix-create-rate",
      defaultValue = "${env:SINAL_PIX_CREATE_RATE:-10}",
      description =
          "PIX payments one client address may create per minute, a burst of that many; more is 429 (env SINAL_PIX_CREATE_RATE; default ${DEFAULT-VALUE}).")
  int pixCreateRate;

  @Option(
      names = "--pix-max-pending",
      defaultValue = "${env:SINAL_PIX_MAX_PENDING:-10000}",
      description =
          "Pending PIX payments the store may hold; more is 503 until some are paid or expire (env SINAL_PIX_MAX_PENDING; default ${DEFAULT-VALUE}).")
  int pixMaxPending;

  @Override
  public PixOptions toOptions(String host) {
    return new PixOptions(
        pixKey,
        pixMerchantName,
        pixMerchantCity,
        Duration.ofMinutes(pixExpiryMinutes),
        pixWebhookSecret == null || pixWebhookSecret.isBlank() ? null : pixWebhookSecret,
        pixBankSimulator.trim(),
        PixOptions.isLoopback(host),
        pixCreateRate,
        pixMaxPending);
  }
}
