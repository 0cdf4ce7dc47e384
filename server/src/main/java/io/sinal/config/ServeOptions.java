package io.sinal.config;

import io.sinal.auth.AllowedHosts;
import io.sinal.hub.Access;
import io.sinal.hub.FanOut;
import io.sinal.hub.NamespaceOptions;
import io.sinal.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/** The server's flags; each falls back to an environment variable, then to its default. */
public final class ServeOptions {
  public static final Set<String> TRANSPORTS = Set.of("websocket", "sse", "poll");

  @Option(
      names = "--host",
      defaultValue = "${env:SINAL_HOST:-0.0.0.0}",
      description = "Address to listen on (env SINAL_HOST; default ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:SINAL_PORT:-8080}",
      description =
          "Port to listen on; 0 picks a free one (env SINAL_PORT; default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--data-dir",
      defaultValue = "${env:SINAL_DATA_DIR:-./data}",
      description = "Data directory (env SINAL_DATA_DIR; default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--api-key",
      defaultValue = "${env:SINAL_API_KEY}",
      description =
          "Server API key (env SINAL_API_KEY; default: generated and stored in the data dir).")
  String apiKey;

  @Option(
      names = "--jwt-secret",
      defaultValue = "${env:SINAL_JWT_SECRET}",
      description =
          "HS256 token secret (env SINAL_JWT_SECRET; default: generated and stored in the data dir).")
  String jwtSecret;

  @Option(
      names = "--namespace",
      split = ";",
      defaultValue = "${env:SINAL_NAMESPACES}",
      description =
          "Namespace options, name[:history=N,ttl=SECONDS,presence=BOOL,publish=BOOL,access=public|private|user]; repeatable (env SINAL_NAMESPACES, ';'-separated).")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--allowed-origin",
      split = ",",
      defaultValue = "${env:SINAL_ALLOWED_ORIGINS}",
      description =
          "Extra browser origins allowed, e.g. https://app.example.com; '*' allows all (env SINAL_ALLOWED_ORIGINS).")
  List<String> allowedOrigins = new ArrayList<>();

  @Option(
      names = "--transports",
      split = ",",
      defaultValue = "${env:SINAL_TRANSPORTS:-websocket,sse,poll}",
      description = "Transports to serve (env SINAL_TRANSPORTS; default ${DEFAULT-VALUE}).")
  List<String> transports;

  @Option(
      names = "--max-message-size",
      defaultValue = "${env:SINAL_MAX_MESSAGE_SIZE:-65536}",
      description = "Largest publication data in bytes (default ${DEFAULT-VALUE}).")
  int maxMessageSize;

  @Option(
      names = "--max-subscriptions",
      defaultValue = "${env:SINAL_MAX_SUBSCRIPTIONS:-128}",
      description = "Channels per connection or request (default ${DEFAULT-VALUE}).")
  int maxSubscriptions;

  @Option(
      names = "--max-queued-bytes",
      defaultValue = "${env:SINAL_MAX_QUEUED_BYTES:-1048576}",
      description =
          "Bytes queued for a connection before it is dropped as a slow consumer (default ${DEFAULT-VALUE}).")
  int maxQueuedBytes;

  @Option(
      names = "--max-poll-wait",
      defaultValue = "${env:SINAL_MAX_POLL_WAIT:-30}",
      description = "Longest long-poll wait in seconds (default ${DEFAULT-VALUE}).")
  int maxPollWait;

  @Option(
      names = "--heartbeat",
      defaultValue = "${env:SINAL_HEARTBEAT:-25}",
      description = "Seconds between heartbeats (default ${DEFAULT-VALUE}).")
  int heartbeat;

  @Option(
      names = "--event-loops",
      defaultValue = "${env:SINAL_EVENT_LOOPS:-0}",
      description = "Event loops serving connections; 0 = one per core (default ${DEFAULT-VALUE}).")
  int eventLoops;

  @Option(
      names = "--max-idle-channels",
      defaultValue = "${env:SINAL_MAX_IDLE_CHANNELS:-100000}",
      description =
          "Channels without history whose position is kept, so their pollers are not reset; past it the least used is forgotten (default ${DEFAULT-VALUE}).")
  int maxIdleChannels;

  @Option(
      names = "--metrics-port",
      defaultValue = "${env:SINAL_METRICS_PORT:-0}",
      description =
          "Serve /metrics on this port without a key; 0 = on the main port behind the API key (default ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--drain-timeout",
      defaultValue = "${env:SINAL_DRAIN_TIMEOUT:-10}",
      description = "Seconds a graceful stop (SIGTERM) may take (default ${DEFAULT-VALUE}).")
  int drainTimeout;

  @Option(
      names = "--drain-jitter",
      defaultValue = "${env:SINAL_DRAIN_JITTER:-5}",
      description =
          "Clients are told to reconnect after a random delay up to this many seconds (default ${DEFAULT-VALUE}).")
  int drainJitter;

  @Option(
      names = "--log-format",
      defaultValue = "${env:SINAL_LOG_FORMAT:-text}",
      description = "text or json, one line per event (default ${DEFAULT-VALUE}).")
  String logFormat;

  @Option(
      names = "--log-level",
      defaultValue = "${env:SINAL_LOG_LEVEL:-info}",
      description = "info or debug (default ${DEFAULT-VALUE}).")
  String logLevel;

  @Option(
      names = "--config",
      defaultValue = "${env:SINAL_CONFIG}",
      description =
          "A properties file of options (keys are flag names without --); flags and environment variables win over it (env SINAL_CONFIG).")
  Path configFile;

  @Option(
      names = "--db-url",
      defaultValue = "${env:SINAL_DB_URL}",
      description =
          "Application store, jdbc:h2:… or jdbc:postgresql://host/db (env SINAL_DB_URL; default: an H2 file in the data dir).")
  String dbUrl;

  @Option(
      names = "--db-user",
      defaultValue = "${env:SINAL_DB_USER}",
      description = "Store user (env SINAL_DB_USER).")
  String dbUser;

  @Option(
      names = "--db-password",
      defaultValue = "${env:SINAL_DB_PASSWORD}",
      description = "Store password (env SINAL_DB_PASSWORD).")
  String dbPassword;

  @Option(
      names = "--redis-url",
      defaultValue = "${env:SINAL_REDIS_URL}",
      description =
          "Redis shared by every node, e.g. redis://127.0.0.1:6379 (env SINAL_REDIS_URL); unset runs one node in memory.")
  String redisUrl;

  @Option(
      names = "--redis-prefix",
      defaultValue = "${env:SINAL_REDIS_PREFIX:-sinal:}",
      description = "Prefix of every Redis key (default ${DEFAULT-VALUE}).")
  String redisPrefix;

  @Option(
      names = "--presence-ttl",
      defaultValue = "${env:SINAL_PRESENCE_TTL:-30}",
      description =
          "Seconds a node's presence entries live without a refresh (default ${DEFAULT-VALUE}).")
  int presenceTtl;

  @Option(
      names = "--max-request-line",
      defaultValue = "${env:SINAL_MAX_REQUEST_LINE:-262144}",
      description =
          "Longest HTTP request line in bytes; the longest cursor and channel list of a poll or SSE URL must fit (env SINAL_MAX_REQUEST_LINE; default ${DEFAULT-VALUE}).")
  int maxRequestLine;

  @Option(
      names = "--max-header-size",
      defaultValue = "${env:SINAL_MAX_HEADER_SIZE:-65536}",
      description =
          "Largest HTTP request headers in bytes, all together; a Last-Event-ID cursor must fit (env SINAL_MAX_HEADER_SIZE; default ${DEFAULT-VALUE}).")
  int maxHeaderSize;

  @Option(
      names = "--request-head-timeout",
      defaultValue = "${env:SINAL_REQUEST_HEAD_TIMEOUT:-10}",
      description =
          "Seconds from a request's first byte to the end of its headers (env SINAL_REQUEST_HEAD_TIMEOUT; default ${DEFAULT-VALUE}).")
  int requestHeadTimeout;

  @Option(
      names = "--request-body-timeout",
      defaultValue = "${env:SINAL_REQUEST_BODY_TIMEOUT:-30}",
      description =
          "Seconds a request body read whole (API, apps' JSON) may take; streamed uploads only must not stall (env SINAL_REQUEST_BODY_TIMEOUT; default ${DEFAULT-VALUE}).")
  int requestBodyTimeout;

  @Option(
      names = "--idle-timeout",
      defaultValue = "${env:SINAL_IDLE_TIMEOUT:-75}",
      description =
          "Seconds an HTTP connection may go without a byte read or written, e.g. kept alive between requests (env SINAL_IDLE_TIMEOUT; default ${DEFAULT-VALUE}).")
  int idleTimeout;

  @Option(
      names = "--allowed-host",
      split = ",",
      defaultValue = "${env:SINAL_ALLOWED_HOSTS}",
      description =
          "Host names served besides localhost and IP addresses, e.g. rt.example.com or .example.com (a whole domain); '*' allows any, which lets DNS rebinding through (env SINAL_ALLOWED_HOSTS).")
  List<String> allowedHosts = new ArrayList<>();

  @Option(
      names = "--max-history-bytes",
      defaultValue = "${env:SINAL_MAX_HISTORY_BYTES:-0}",
      description =
          "Bytes all in-memory histories hold together; past it the oldest history is dropped first; 0 = an eighth of the heap (env SINAL_MAX_HISTORY_BYTES; default ${DEFAULT-VALUE}).")
  long maxHistoryBytes;

  @Option(
      names = "--client-publish-rate",
      defaultValue = "${env:SINAL_CLIENT_PUBLISH_RATE:-20}",
      description =
          "Publications per second one WebSocket may send, in bursts of twice as many; more are refused with error 108 (env SINAL_CLIENT_PUBLISH_RATE; default ${DEFAULT-VALUE}).")
  int clientPublishRate;

  @Option(
      names = "--max-connections",
      defaultValue = "${env:SINAL_MAX_CONNECTIONS:-0}",
      description =
          "WebSockets, SSE streams and polls open on this node at once; more are answered 503; 0 = one per 16 KiB of heap (env SINAL_MAX_CONNECTIONS; default ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(
      names = "--max-node-subscriptions",
      defaultValue = "${env:SINAL_MAX_NODE_SUBSCRIPTIONS:-0}",
      description =
          "Subscriptions of all connections on this node together; more are refused with error 108; 0 = one per 4 KiB of heap (env SINAL_MAX_NODE_SUBSCRIPTIONS; default ${DEFAULT-VALUE}).")
  int maxNodeSubscriptions;

  /**
   * Validates the flags, the core's and then each app's in {@code apps} (its flags by its name, in
   * start order); every message names the option and the bad value.
   */
  public SinalConfig toConfig(Map<String, AppOptions.Flags> apps) {
    check(port >= 0 && port <= 65535, "--port must be 0-65535, was " + port);
    check(
        maxMessageSize >= 64 && maxMessageSize <= 16 * 1024 * 1024,
        "--max-message-size must be 64 to 16777216 bytes, was " + maxMessageSize);
    check(
        maxSubscriptions >= 1 && maxSubscriptions <= 10_000,
        "--max-subscriptions must be 1 to 10000, was " + maxSubscriptions);
    check(
        maxQueuedBytes >= maxMessageSize,
        "--max-queued-bytes must be at least --max-message-size ("
            + maxMessageSize
            + "), was "
            + maxQueuedBytes);
    check(
        maxPollWait >= 0 && maxPollWait <= 300,
        "--max-poll-wait must be 0 to 300 seconds, was " + maxPollWait);
    check(
        heartbeat >= 1 && heartbeat <= 3600,
        "--heartbeat must be 1 to 3600 seconds, was " + heartbeat);
    check(
        eventLoops >= 0 && eventLoops <= FanOut.MAX_LOOPS,
        "--event-loops must be 0 to " + FanOut.MAX_LOOPS + ", was " + eventLoops);
    check(
        maxIdleChannels >= 0 && maxIdleChannels <= 10_000_000,
        "--max-idle-channels must be 0 to 10000000, was " + maxIdleChannels);
    check(
        metricsPort >= 0 && metricsPort <= 65535,
        "--metrics-port must be 0-65535, was " + metricsPort);
    check(
        drainTimeout >= 1 && drainTimeout <= 600,
        "--drain-timeout must be 1 to 600 seconds, was " + drainTimeout);
    check(
        drainJitter >= 0 && drainJitter <= 600,
        "--drain-jitter must be 0 to 600 seconds, was " + drainJitter);
    check(
        logFormat.equals("text") || logFormat.equals("json"),
        "--log-format must be text or json, was " + logFormat);
    check(
        logLevel.equals("info") || logLevel.equals("debug"),
        "--log-level must be info or debug, was " + logLevel);
    check(
        redisUrl == null
            || redisUrl.isBlank()
            || redisUrl.startsWith("redis://")
            || redisUrl.startsWith("rediss://"),
        "--redis-url must start with redis:// or rediss://, was " + redisUrl);
    check(
        presenceTtl >= 3 && presenceTtl <= 3600,
        "--presence-ttl must be 3 to 3600 seconds, was " + presenceTtl);
    check(
        maxRequestLine >= 4096 && maxRequestLine <= 4 * 1024 * 1024,
        "--max-request-line must be 4096 to 4194304 bytes, was " + maxRequestLine);
    check(
        maxHeaderSize >= 8192 && maxHeaderSize <= 4 * 1024 * 1024,
        "--max-header-size must be 8192 to 4194304 bytes, was " + maxHeaderSize);
    check(
        requestHeadTimeout >= 1 && requestHeadTimeout <= 300,
        "--request-head-timeout must be 1 to 300 seconds, was " + requestHeadTimeout);
    check(
        requestBodyTimeout >= 1 && requestBodyTimeout <= 3600,
        "--request-body-timeout must be 1 to 3600 seconds, was " + requestBodyTimeout);
    // A long poll stays a Vert.x request for its first 2 s, under this timeout: it must be longer.
    check(
        idleTimeout >= 5 && idleTimeout <= 3600,
        "--idle-timeout must be 5 to 3600 seconds, was " + idleTimeout);
    check(
        maxHistoryBytes == 0 || maxHistoryBytes >= 1024 * 1024,
        "--max-history-bytes must be 0 (an eighth of the heap) or at least 1048576, was "
            + maxHistoryBytes);
    check(
        clientPublishRate >= 1 && clientPublishRate <= 100_000,
        "--client-publish-rate must be 1 to 100000 per second, was " + clientPublishRate);
    check(
        maxConnections >= 0,
        "--max-connections must be 0 (from the heap) or more, was " + maxConnections);
    check(
        maxNodeSubscriptions >= 0,
        "--max-node-subscriptions must be 0 (from the heap) or more, was " + maxNodeSubscriptions);
    if (blankToNull(apiKey) != null) {
      SecretStrength.requireKeyCharacters("--api-key", apiKey);
    }
    if (blankToNull(jwtSecret) != null) {
      SecretStrength.requireKeyBytes("--jwt-secret", jwtSecret);
    }
    Set<String> hosts = new LinkedHashSet<>();
    for (String h : allowedHosts) {
      String name = h.trim().toLowerCase(Locale.ROOT);
      check(
          name.isEmpty() || name.equals("*") || AllowedHosts.NAME.matcher(name).matches(),
          "--allowed-host must be a host name without scheme or port (rt.example.com), .example.com or *, was "
              + h);
      if (!name.isEmpty()) {
        hosts.add(name);
      }
    }
    Set<String> enabled = new LinkedHashSet<>();
    for (String t : transports) {
      String name = t.trim();
      check(
          TRANSPORTS.contains(name),
          "--transports: unknown transport '" + name + "', known are websocket, sse, poll");
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
        host,
        port,
        dataDir,
        blankToNull(apiKey),
        blankToNull(jwtSecret),
        spaces,
        new LinkedHashSet<>(
            allowedOrigins.stream().map(String::trim).filter(s -> !s.isEmpty()).toList()),
        enabled,
        maxMessageSize,
        maxSubscriptions,
        maxQueuedBytes,
        Duration.ofSeconds(maxPollWait),
        Duration.ofSeconds(heartbeat),
        eventLoops,
        new SinalConfig.Ops(
            metricsPort,
            Duration.ofSeconds(drainTimeout),
            Duration.ofSeconds(drainJitter),
            logFormat,
            logLevel),
        new SinalConfig.Cluster(
            blankToNull(redisUrl), redisPrefix, Duration.ofSeconds(presenceTtl)),
        dbUrl == null || dbUrl.isBlank()
            ? StoreOptions.h2In(dataDir)
            : new StoreOptions(dbUrl.trim(), dbUser, dbPassword),
        apps(apps),
        maxIdleChannels,
        new SinalConfig.Http(
            maxRequestLine,
            maxHeaderSize,
            Duration.ofSeconds(requestHeadTimeout),
            Duration.ofSeconds(requestBodyTimeout),
            Duration.ofSeconds(idleTimeout),
            hosts),
        limits(Runtime.getRuntime().maxMemory()));
  }

  /**
   * Each app's options from its flags; the secrets it was given must be strong enough, as the
   * core's.
   */
  private Map<String, AppOptions> apps(Map<String, AppOptions.Flags> flags) {
    Map<String, AppOptions> options = new LinkedHashMap<>();
    flags.forEach(
        (name, app) -> {
          AppOptions validated = app.toOptions(host);
          for (AppOptions.Secret secret : validated.secrets()) {
            if (secret.value() != null) {
              SecretStrength.requireKeyBytes(secret.flag(), secret.value());
            }
          }
          options.put(name, validated);
        });
    return options;
  }

  /** The node's limits, those left at 0 derived from {@code heap}. */
  private SinalConfig.Limits limits(long heap) {
    return new SinalConfig.Limits(
        maxHistoryBytes > 0 ? maxHistoryBytes : SinalConfig.Limits.historyBytesFor(heap),
        clientPublishRate,
        maxConnections > 0 ? maxConnections : SinalConfig.Limits.connectionsFor(heap),
        maxNodeSubscriptions > 0
            ? maxNodeSubscriptions
            : SinalConfig.Limits.subscriptionsFor(heap));
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
