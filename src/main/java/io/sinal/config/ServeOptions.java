package io.sinal.config;

import io.sinal.hub.Access;
import io.sinal.hub.NamespaceOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** The server's flags; each falls back to an environment variable, then to its default. */
public final class ServeOptions {
  public static final Set<String> TRANSPORTS = Set.of("websocket", "sse", "poll");

  @Option(names = "--host", defaultValue = "${env:SINAL_HOST:-0.0.0.0}", description = "Address to listen on (env SINAL_HOST; default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:SINAL_PORT:-8080}", description = "Port to listen on; 0 picks a free one (env SINAL_PORT; default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", defaultValue = "${env:SINAL_DATA_DIR:-./data}", description = "Data directory (env SINAL_DATA_DIR; default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--api-key", defaultValue = "${env:SINAL_API_KEY}", description = "Server API key (env SINAL_API_KEY; default: generated and stored in the data dir).")
  String apiKey;

  @Option(names = "--jwt-secret", defaultValue = "${env:SINAL_JWT_SECRET}", description = "HS256 token secret (env SINAL_JWT_SECRET; default: generated and stored in the data dir).")
  String jwtSecret;

  @Option(names = "--namespace", split = ";", defaultValue = "${env:SINAL_NAMESPACES}", description = "Namespace options, name[:history=N,ttl=SECONDS,presence=BOOL,publish=BOOL,access=public|private|user]; repeatable (env SINAL_NAMESPACES, ';'-separated).")
  List<String> namespaces = new ArrayList<>();

  @Option(names = "--allowed-origin", split = ",", defaultValue = "${env:SINAL_ALLOWED_ORIGINS}", description = "Extra browser origins allowed, e.g. https://app.example.com; '*' allows all (env SINAL_ALLOWED_ORIGINS).")
  List<String> allowedOrigins = new ArrayList<>();

  @Option(names = "--transports", split = ",", defaultValue = "${env:SINAL_TRANSPORTS:-websocket,sse,poll}", description = "Transports to serve (env SINAL_TRANSPORTS; default ${DEFAULT-VALUE}).")
  List<String> transports;

  @Option(names = "--max-message-size", defaultValue = "${env:SINAL_MAX_MESSAGE_SIZE:-65536}", description = "Largest publication data in bytes (default ${DEFAULT-VALUE}).")
  int maxMessageSize;

  @Option(names = "--max-subscriptions", defaultValue = "${env:SINAL_MAX_SUBSCRIPTIONS:-128}", description = "Channels per connection or request (default ${DEFAULT-VALUE}).")
  int maxSubscriptions;

  @Option(names = "--max-queued-bytes", defaultValue = "${env:SINAL_MAX_QUEUED_BYTES:-1048576}", description = "Bytes queued for a connection before it is dropped as a slow consumer (default ${DEFAULT-VALUE}).")
  int maxQueuedBytes;

  @Option(names = "--max-poll-wait", defaultValue = "${env:SINAL_MAX_POLL_WAIT:-30}", description = "Longest long-poll wait in seconds (default ${DEFAULT-VALUE}).")
  int maxPollWait;

  @Option(names = "--heartbeat", defaultValue = "${env:SINAL_HEARTBEAT:-25}", description = "Seconds between heartbeats (default ${DEFAULT-VALUE}).")
  int heartbeat;

  @Option(names = "--event-loops", defaultValue = "${env:SINAL_EVENT_LOOPS:-0}", description = "Event loops serving connections; 0 = two per core (default ${DEFAULT-VALUE}).")
  int eventLoops;

  /** Validates the flags; every message names the option and the bad value. */
  public SinalConfig toConfig() {
    check(port >= 0 && port <= 65535, "--port must be 0-65535, was " + port);
    check(maxMessageSize >= 64 && maxMessageSize <= 16 * 1024 * 1024, "--max-message-size must be 64 to 16777216 bytes, was " + maxMessageSize);
    check(maxSubscriptions >= 1 && maxSubscriptions <= 10_000, "--max-subscriptions must be 1 to 10000, was " + maxSubscriptions);
    check(maxQueuedBytes >= maxMessageSize, "--max-queued-bytes must be at least --max-message-size (" + maxMessageSize + "), was " + maxQueuedBytes);
    check(maxPollWait >= 0 && maxPollWait <= 300, "--max-poll-wait must be 0 to 300 seconds, was " + maxPollWait);
    check(heartbeat >= 1 && heartbeat <= 3600, "--heartbeat must be 1 to 3600 seconds, was " + heartbeat);
    check(eventLoops >= 0 && eventLoops <= 32, "--event-loops must be 0 to 32, was " + eventLoops);
    Set<String> enabled = new LinkedHashSet<>();
    for (String t : transports) {
      String name = t.trim();
      check(TRANSPORTS.contains(name), "--transports: unknown transport '" + name + "', known are websocket, sse, poll");
      enabled.add(name);
    }
    Map<String, NamespaceOptions> spaces = new LinkedHashMap<>();
    spaces.put("demo", NamespaceOptions.DEFAULT.withPresence(true).withClientPublish(true));
    spaces.put("user", NamespaceOptions.DEFAULT.withAccess(Access.USER));
    for (String spec : namespaces) {
      if (!spec.isBlank()) {
        Map.Entry<String, NamespaceOptions> e = NamespaceSpec.parse(spec.trim());
        spaces.put(e.getKey(), e.getValue());
      }
    }
    return new SinalConfig(
        host, port, dataDir, blankToNull(apiKey), blankToNull(jwtSecret), spaces,
        new LinkedHashSet<>(allowedOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList()),
        enabled, maxMessageSize, maxSubscriptions, maxQueuedBytes,
        Duration.ofSeconds(maxPollWait), Duration.ofSeconds(heartbeat), eventLoops);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
