package io.sinal.config;

import io.sinal.hub.NamespaceOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything the server is started with. Built from flags and environment variables by
 * {@link ServeOptions}; every option and its default is listed in docs/configuration.md.
 *
 * @param apiKey the server API key; null means "read or generate it in the data directory"
 * @param jwtSecret the token secret; null means "read or generate it in the data directory"
 * @param eventLoops event loops serving connections; 0 means two per core
 */
public record SinalConfig(
    String host,
    int port,
    Path dataDir,
    String apiKey,
    String jwtSecret,
    Map<String, NamespaceOptions> namespaces,
    Set<String> allowedOrigins,
    Set<String> transports,
    int maxMessageSize,
    int maxSubscriptions,
    int maxQueuedBytes,
    Duration maxPollWait,
    Duration heartbeat,
    int eventLoops) {

  public SinalConfig {
    namespaces = new LinkedHashMap<>(namespaces);
    allowedOrigins = Set.copyOf(allowedOrigins);
    transports = Set.copyOf(transports);
  }

  public boolean transportEnabled(String name) {
    return transports.contains(name);
  }

  /** One line per option, secrets masked, for the start-up log. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    line(out, "host", host);
    line(out, "port", String.valueOf(port));
    line(out, "data-dir", dataDir.toString());
    line(out, "api-key", apiKey == null ? "(from data dir)" : mask(apiKey));
    line(out, "jwt-secret", jwtSecret == null ? "(from data dir)" : mask(jwtSecret));
    namespaces.forEach((name, o) -> line(out, "namespace", NamespaceSpec.format(name, o)));
    line(out, "allowed-origin", allowedOrigins.isEmpty() ? "(same origin and localhost)" : String.join(",", allowedOrigins));
    line(out, "transports", String.join(",", transports.stream().sorted().toList()));
    line(out, "max-message-size", String.valueOf(maxMessageSize));
    line(out, "max-subscriptions", String.valueOf(maxSubscriptions));
    line(out, "max-queued-bytes", String.valueOf(maxQueuedBytes));
    line(out, "max-poll-wait", maxPollWait.toSeconds() + "s");
    line(out, "heartbeat", heartbeat.toSeconds() + "s");
    line(out, "event-loops", eventLoops == 0 ? "(2 per core)" : String.valueOf(eventLoops));
    return out.toString();
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append("  ").append(key).append(" = ").append(value).append('\n');
  }

  static String mask(String secret) {
    return secret.length() <= 8 ? "****" : "****" + secret.substring(secret.length() - 4);
  }
}
