package io.sinal.apps.chat;

import io.sinal.config.AppOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The chat app's flags (docs/configuration.md), added to the server's command line. */
final class ChatFlags implements AppOptions.Flags {
  @Option(
      names = "--chat-max-length",
      defaultValue = "${env:SINAL_CHAT_MAX_LENGTH:-1000}",
      description =
          "Longest chat message in characters, at most 2000 (env SINAL_CHAT_MAX_LENGTH; default ${DEFAULT-VALUE}).")
  int chatMaxLength;

  @Option(
      names = "--chat-rate-limit",
      defaultValue = "${env:SINAL_CHAT_RATE_LIMIT:-10}",
      description =
          "Chat messages one user may send per 10 seconds (env SINAL_CHAT_RATE_LIMIT; default ${DEFAULT-VALUE}).")
  int chatRateLimit;

  @Option(
      names = "--chat-max-leases",
      defaultValue = "${env:SINAL_CHAT_MAX_LEASES:-20}",
      description =
          "Presence leases of polling chat pages one user may hold at once, across rooms (env SINAL_CHAT_MAX_LEASES; default ${DEFAULT-VALUE}).")
  int chatMaxLeases;

  @Option(
      names = "--chat-retention-days",
      defaultValue = "${env:SINAL_CHAT_RETENTION_DAYS:-30}",
      description =
          "Days a chat message is kept in the store, then deleted; 0 keeps messages until deleted by hand (env SINAL_CHAT_RETENTION_DAYS; default ${DEFAULT-VALUE}).")
  int chatRetentionDays;

  @Override
  public ChatOptions toOptions(String host) {
    return new ChatOptions(
        chatMaxLength, chatRateLimit, chatMaxLeases, Duration.ofDays(chatRetentionDays));
  }
}
