package io.sinal.config;

import io.sinal.hub.NamespaceOptions;
import io.sinal.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything the server is started with. Built from flags and environment variables by {@link
 * ServeOptions}; every option and its default is listed in docs/configuration.md.
 *
 * @param apiKey the server API key; null means "read or generate it in the data directory"
 * @param jwtSecret the token secret; null means "read or generate it in the data directory"
 * @param eventLoops event loops serving connections; 0 means one per core
 * @param store the application store: an H2 file in the data directory unless {@code --db-url}
 *     names another
 * @param apps each app's options by its name, in the order the apps start (the wiring lists them)
 * @param maxIdleChannels channels without history whose position is remembered; past it the least
 *     used is forgotten
 * @param limits what clients can make one node hold, each a default derived from the heap unless
 *     given
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
    int eventLoops,
    Ops ops,
    Cluster cluster,
    StoreOptions store,
    Map<String, AppOptions> apps,
    int maxIdleChannels,
    Http http,
    Limits limits) {

  /**
   * Cluster options.
   *
   * @param redisUrl null runs on one node in memory; else the Redis every node shares
   * @param redisPrefix prefix of every Redis key, so several deployments can share one Redis
   * @param presenceTtl how long a node's presence entries live without a refresh (a dead node's
   *     clients vanish after it)
   */
  public record Cluster(String redisUrl, String redisPrefix, Duration presenceTtl) {}

  /**
   * Operations options.
   *
   * @param metricsPort 0 serves {@code /metrics} on the main port behind the API key; else on this
   *     port, open
   * @param drainTimeout how long a graceful stop may take before connections are cut
   * @param drainJitter clients told to reconnect after a random delay up to this, so they do not
   *     all return at once
   * @param logFormat {@code text} or {@code json}
   * @param logLevel {@code info} or {@code debug} (debug adds a line per connection and per HTTP
   *     request)
   */
  public record Ops(
      int metricsPort,
      Duration drainTimeout,
      Duration drainJitter,
      String logFormat,
      String logLevel) {}

  /**
   * Limits of every HTTP request, before routing.
   *
   * @param maxRequestLine longest request line in bytes (414 past it): the URL of a poll or SSE
   *     request on the most channels allowed, with its cursor, must fit
   * @param maxHeaderSize largest headers in bytes, all together (431 past it); a Last-Event-ID
   *     cursor must fit
   * @param headTimeout from a request's first byte to the end of its headers (408, then the
   *     connection is closed)
   * @param bodyTimeout for a body read whole; a route that streams its body is bound by {@code
   *     idleTimeout} only
   * @param idleTimeout a connection with no byte read or written for this long is closed; sockets
   *     that became streams (WebSocket, SSE, a waiting long poll) follow their heartbeat instead
   * @param allowedHosts Host names served besides localhost and IP literals ({@code .example.com} a
   *     whole domain, {@code *} any); see {@link io.sinal.auth.AllowedHosts}
   */
  public record Http(
      int maxRequestLine,
      int maxHeaderSize,
      Duration headTimeout,
      Duration bodyTimeout,
      Duration idleTimeout,
      Set<String> allowedHosts) {
    public Http {
      allowedHosts = Set.copyOf(allowedHosts);
    }
  }

  /**
   * What clients, anonymous ones included, can make one node hold. The defaults follow from the
   * heap ({@link Runtime#maxMemory}) and the costs measured in docs/configuration.md.
   *
   * @param maxHistoryBytes bytes every in-memory history holds together; past it the oldest goes
   *     first
   * @param clientPublishRate publications per second one WebSocket may send, in bursts of twice as
   *     many
   * @param maxConnections WebSockets, SSE streams and polls open at once; more are answered 503
   * @param maxNodeSubscriptions subscriptions of all connections together; more are error 108
   */
  public record Limits(
      long maxHistoryBytes, int clientPublishRate, int maxConnections, int maxNodeSubscriptions) {
    /**
     * An eighth of the heap for history: far above the 6.4 MiB one busy channel holds at the
     * default options.
     */
    static long historyBytesFor(long heap) {
      return heap / 8;
    }

    /**
     * 16 KiB of heap per connection: six times an idle WebSocket's 2.5 KiB, for what it queues and
     * reads.
     */
    static int connectionsFor(long heap) {
      return (int) Math.min(Integer.MAX_VALUE, heap / (16 * 1024));
    }

    /**
     * 4 KiB of heap per subscription: a quarter of the heap at the 870 bytes of the costliest one
     * measured.
     */
    static int subscriptionsFor(long heap) {
      return (int) Math.min(Integer.MAX_VALUE, heap / (4 * 1024));
    }
  }

  public SinalConfig {
    namespaces = new LinkedHashMap<>(namespaces);
    allowedOrigins = Set.copyOf(allowedOrigins);
    transports = Set.copyOf(transports);
    apps = Collections.unmodifiableMap(new LinkedHashMap<>(apps));
  }

  /** The options of the app whose options are of {@code type}. */
  public <T extends AppOptions> T app(Class<T> type) {
    return apps.values().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(
            () -> new IllegalStateException("no app has options of " + type.getSimpleName()));
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
    line(
        out,
        "allowed-origin",
        allowedOrigins.isEmpty()
            ? "(same origin and localhost)"
            : String.join(",", allowedOrigins));
    line(out, "transports", String.join(",", transports.stream().sorted().toList()));
    line(out, "max-message-size", String.valueOf(maxMessageSize));
    line(out, "max-subscriptions", String.valueOf(maxSubscriptions));
    line(out, "max-queued-bytes", String.valueOf(maxQueuedBytes));
    line(out, "max-poll-wait", maxPollWait.toSeconds() + "s");
    line(out, "heartbeat", heartbeat.toSeconds() + "s");
    line(out, "event-loops", eventLoops == 0 ? "(1 per core)" : String.valueOf(eventLoops));
    line(out, "max-idle-channels", String.valueOf(maxIdleChannels));
    line(
        out,
        "metrics-port",
        ops.metricsPort() == 0 ? "(main port, API key)" : String.valueOf(ops.metricsPort()));
    line(out, "drain-timeout", ops.drainTimeout().toSeconds() + "s");
    line(out, "drain-jitter", ops.drainJitter().toSeconds() + "s");
    line(out, "log-format", ops.logFormat());
    line(out, "log-level", ops.logLevel());
    line(
        out,
        "redis-url",
        cluster.redisUrl() == null ? "(none: one node, in memory)" : maskUrl(cluster.redisUrl()));
    line(out, "redis-prefix", cluster.redisPrefix());
    line(out, "presence-ttl", cluster.presenceTtl().toSeconds() + "s");
    line(out, "db-url", StoreOptions.redacted(store.url()));
    line(out, "db-user", store.user());
    line(out, "db-password", store.password().isEmpty() ? "(none)" : mask(store.password()));
    apps.values().forEach(app -> app.describe((key, value) -> line(out, key, value)));
    line(out, "max-request-line", String.valueOf(http.maxRequestLine()));
    line(out, "max-header-size", String.valueOf(http.maxHeaderSize()));
    line(out, "request-head-timeout", http.headTimeout().toSeconds() + "s");
    line(out, "request-body-timeout", http.bodyTimeout().toSeconds() + "s");
    line(out, "idle-timeout", http.idleTimeout().toSeconds() + "s");
    line(
        out,
        "allowed-host",
        http.allowedHosts().isEmpty()
            ? "(localhost and IP addresses)"
            : http.allowedHosts().contains("*")
                ? "* (any: the Host check is off, DNS rebinding is not stopped)"
                : String.join(",", http.allowedHosts().stream().sorted().toList()));
    long heap = Runtime.getRuntime().maxMemory();
    String fromHeap = " (from the " + heap / (1024 * 1024) + " MiB heap)";
    line(
        out,
        "max-history-bytes",
        limits.maxHistoryBytes()
            + (limits.maxHistoryBytes() == Limits.historyBytesFor(heap) ? fromHeap : ""));
    line(
        out,
        "client-publish-rate",
        limits.clientPublishRate() + " per second, bursts of " + 2 * limits.clientPublishRate());
    line(
        out,
        "max-connections",
        limits.maxConnections()
            + (limits.maxConnections() == Limits.connectionsFor(heap) ? fromHeap : ""));
    line(
        out,
        "max-node-subscriptions",
        limits.maxNodeSubscriptions()
            + (limits.maxNodeSubscriptions() == Limits.subscriptionsFor(heap) ? fromHeap : ""));
    return out.toString();
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append("  ").append(key).append(" = ").append(value).append('\n');
  }

  /** A URL with its password, if any, masked: redis://:****@host:6379. */
  public static String maskUrl(String url) {
    return url.replaceAll("//([^:/@]*):[^@/]*@", "//$1:****@");
  }

  static String mask(String secret) {
    return secret.length() <= 8 ? "****" : "****" + secret.substring(secret.length() - 4);
  }
}
