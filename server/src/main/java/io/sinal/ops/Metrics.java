package io.sinal.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sinal.auth.ApiKey;
import io.sinal.auth.Tokens;
import io.sinal.http.RequestEnd;
import io.sinal.hub.Hub;
import io.sinal.session.Connections;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Prometheus metrics (Micrometer): what the hub and the connections are doing, HTTP requests by
 * route and status, health, and the JVM. Counters are read from the hub's own adders at scrape
 * time, so the hot paths pay nothing for them.
 */
public final class Metrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private static final Logger LOG = Logger.getLogger(Metrics.class.getName());

  /**
   * Label values come from fixed sets, so no request can add a series: a client may send any token
   * as its method, and one series per made-up method once grew /metrics from 28 KB to 1.6 MB.
   */
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

  /** Longest request path kept in the recent errors (a request line may be 256 KiB). */
  private static final int ERROR_PATH_CHARS = 200;

  private final RecentEvents<JsonObject> errors;
  private final AtomicLong requestIds = new AtomicLong();

  public Metrics(
      Hub hub,
      Connections connections,
      Tokens tokens,
      ApiKey apiKey,
      Health health,
      RecentEvents<JsonObject> errors) {
    this.errors = errors;
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    connectionGauge(connections, "websocket", Connections::websocket);
    connectionGauge(connections, "sse", Connections::sse);
    connectionGauge(connections, "poll", Connections::poll);
    Gauge.builder("sinal.subscriptions", connections, Connections::subscriptions)
        .description("Subscriptions on this node")
        .register(registry);
    Gauge.builder("sinal.channels", connections, Connections::channels)
        .description("Channels with at least one subscriber on this node")
        .register(registry);
    Gauge.builder("sinal.history.channels", hub, h -> h.historyUsage().channels())
        .description("Channels with publications in history held by this node (0 with Redis)")
        .register(registry);
    Gauge.builder("sinal.history.bytes", hub, h -> h.historyUsage().bytes())
        .description(
            "Bytes of history held by this node, envelopes and a fixed overhead each, at most --max-history-bytes (0 with Redis)")
        .register(registry);
    Gauge.builder("sinal.idle.channels", hub, h -> h.historyUsage().idleChannels())
        .description(
            "Channels without history whose position this node remembers, at most --max-idle-channels")
        .register(registry);
    FunctionCounter.builder("sinal.publications", hub, Hub::publications)
        .description("Publications accepted by this node")
        .register(registry);
    FunctionCounter.builder("sinal.deliveries", connections, Connections::deliveries)
        .description("Publications written to subscribers")
        .register(registry);
    FunctionCounter.builder("sinal.disconnects", connections, Connections::slowConsumers)
        .tag("reason", "slow_consumer")
        .description("Connections dropped by the server")
        .register(registry);
    for (String limit : new String[] {"connections", "node_subscriptions", "client_publish_rate"}) {
      FunctionCounter.builder("sinal.refusals", connections, c -> c.refused(limit))
          .tag("limit", limit)
          .description("Connections, subscriptions and client publications refused at a limit")
          .register(registry);
    }
    FunctionCounter.builder("sinal.history.dropped", hub, h -> h.historyUsage().dropped())
        .description(
            "Publications dropped from history before their TTL to stay within --max-history-bytes")
        .register(registry);
    FunctionCounter.builder("sinal.auth.failures", tokens, Tokens::failures)
        .tag("kind", "token")
        .description("Refused tokens and API keys")
        .register(registry);
    FunctionCounter.builder("sinal.auth.failures", apiKey, ApiKey::failures)
        .tag("kind", "api_key")
        .description("Refused tokens and API keys")
        .register(registry);
    DistributionSummary latency =
        DistributionSummary.builder("sinal.delivery.latency")
            .baseUnit("milliseconds")
            .description(
                "Age of the oldest publication in each write to a subscriber, from publish to write")
            .publishPercentileHistogram()
            .serviceLevelObjectives(1, 5, 10, 50, 100, 500, 1000)
            .register(registry);
    connections.onLatency(latency::record);
    for (String check : health.lastResults().keySet()) {
      Gauge.builder("sinal.health", health, h -> h.lastResults().getOrDefault(check, false) ? 1 : 0)
          .tag("check", check)
          .description("1 when the check last answered")
          .register(registry);
    }
  }

  private void connectionGauge(
      Connections connections, String transport, ToDoubleFunction<Connections> value) {
    Gauge.builder("sinal.connections", connections, value)
        .tag("transport", transport)
        .description("Open connections by transport")
        .register(registry);
  }

  /**
   * Counts every HTTP request by route template and status; failures go to the recent errors. Each
   * request gets an id (header {@code X-Request-Id}) that its debug log line carries. A handler
   * that takes a request's socket away from Vert.x (a long poll that keeps waiting) counts it then,
   * through {@link RequestEnd}, since Vert.x will never see that request end.
   */
  public Handler<RoutingContext> requests(String nodeId) {
    return ctx -> {
      String requestId = nodeId + "-r" + requestIds.incrementAndGet();
      long started = System.nanoTime();
      ctx.response().putHeader("X-Request-Id", requestId);
      boolean[] done = {false};
      Runnable finish =
          () -> {
            if (!done[0]) {
              done[0] = true;
              record(ctx, requestId, started);
            }
          };
      RequestEnd.onTakeOver(ctx, finish);
      ctx.addEndHandler(v -> finish.run());
      ctx.next();
    };
  }

  private void record(RoutingContext ctx, String requestId, long started) {
    Route route = ctx.currentRoute();
    // Route templates (/api/*, /payments/pix/:id) are fixed by the code; a route without one is
    // "other".
    String path = route == null || route.getPath() == null ? "other" : route.getPath();
    int status = ctx.response().getStatusCode();
    String method = method(ctx);
    Counter.builder("sinal.http.requests")
        .tag("method", method)
        .tag("route", path)
        .tag("status", status >= 100 && status <= 599 ? String.valueOf(status) : "other")
        .register(registry)
        .increment();
    if (LOG.isLoggable(Level.FINE)) {
      LOG.fine(
          "request "
              + requestId
              + " "
              + method
              + " "
              + clip(ctx.request().path())
              + " "
              + status
              + " "
              + (System.nanoTime() - started) / 1_000_000
              + "ms");
    }
    if (status >= 400) {
      errors.add(
          new JsonObject()
              .put("ts", System.currentTimeMillis())
              .put("request", method + " " + clip(ctx.request().path()))
              .put("status", status));
    }
  }

  private static String method(RoutingContext ctx) {
    String name = ctx.request().method().name();
    return METHODS.contains(name) ? name : "other";
  }

  private static String clip(String path) {
    return path.length() <= ERROR_PATH_CHARS ? path : path.substring(0, ERROR_PATH_CHARS) + "…";
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
