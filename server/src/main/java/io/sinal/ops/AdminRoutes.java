package io.sinal.ops;

import io.sinal.auth.ApiKey;
import io.sinal.http.HttpErrors;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.Hub;
import io.sinal.hub.Publication;
import io.sinal.hub.SinalException;
import io.sinal.session.Connections;
import io.sinal.session.LoopHub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What operators look at: {@code /metrics} (Prometheus; API key unless served on its own port) and
 * {@code /api/admin/stats} for the {@code /admin} dashboard.
 */
public final class AdminRoutes {
  private static final int TOP = 10;

  private final Hub hub;
  private final Connections connections;
  private final List<LoopHub> loops;
  private final Metrics metrics;
  private final ApiKey apiKey;
  private final RecentEvents<JsonObject> errors;
  private final RecentEvents<Publication> publications;
  private final boolean metricsOnMainPort;
  private final long startedAt = System.currentTimeMillis();

  public AdminRoutes(
      Hub hub,
      Connections connections,
      List<LoopHub> loops,
      Metrics metrics,
      ApiKey apiKey,
      RecentEvents<JsonObject> errors,
      RecentEvents<Publication> publications,
      boolean metricsOnMainPort) {
    this.hub = hub;
    this.connections = connections;
    this.loops = loops;
    this.metrics = metrics;
    this.apiKey = apiKey;
    this.errors = errors;
    this.publications = publications;
    this.metricsOnMainPort = metricsOnMainPort;
  }

  /** Routes on the main port; {@code /api/*} is already behind the API key. */
  public void install(Router router) {
    router.get("/api/admin/stats").handler(this::stats);
    router.get("/admin").handler(ctx -> ctx.reroute("/admin.html"));
    if (metricsOnMainPort) {
      router
          .get("/metrics")
          .handler(
              ctx -> {
                if (!apiKey.matches(ctx.request().getHeader("Authorization"))) {
                  HttpErrors.send(
                      ctx, new SinalException(ErrorCode.UNAUTHORIZED, "missing or wrong API key"));
                  return;
                }
                scrape(ctx);
              });
    }
  }

  /** Routes for the separate metrics port: no key, nothing else served. */
  public void installMetricsOnly(Router router) {
    router.get("/metrics").handler(this::scrape);
  }

  private void scrape(RoutingContext ctx) {
    ctx.response()
        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape());
  }

  private void stats(RoutingContext ctx) {
    topChannels()
        .onComplete(
            ar -> {
              JsonObject body =
                  new JsonObject()
                      .put("node", hub.nodeId())
                      .put("uptimeSeconds", (System.currentTimeMillis() - startedAt) / 1000)
                      .put(
                          "connections",
                          new JsonObject()
                              .put("websocket", connections.websocket())
                              .put("sse", connections.sse())
                              .put("poll", connections.poll()))
                      .put("subscriptions", connections.subscriptions())
                      .put("channels", connections.channels())
                      .put("publications", hub.publications())
                      .put("deliveries", connections.deliveries())
                      .put("slowConsumerDisconnects", connections.slowConsumers())
                      .put("topChannels", ar.succeeded() ? ar.result() : new JsonArray())
                      .put("recentPublications", publications.toJson())
                      .put("recentErrors", errors.toJson());
              ctx.response().putHeader("content-type", "application/json").end(body.encode());
            });
  }

  /**
   * Asks every event loop for its busiest channels and merges them (exact per loop, summed across).
   */
  private Future<JsonArray> topChannels() {
    List<Future<List<Map.Entry<String, Integer>>>> perLoop = new ArrayList<>();
    for (LoopHub loop : loops) {
      Promise<List<Map.Entry<String, Integer>>> promise = Promise.promise();
      loop.context().runOnContext(v -> promise.complete(loop.topChannels(TOP * 5)));
      perLoop.add(promise.future());
    }
    return Future.all(perLoop)
        .map(
            all -> {
              Map<String, Integer> merged = new HashMap<>();
              for (int i = 0; i < all.size(); i++) {
                List<Map.Entry<String, Integer>> top = all.resultAt(i);
                top.forEach(e -> merged.merge(e.getKey(), e.getValue(), Integer::sum));
              }
              JsonArray out = new JsonArray();
              merged.entrySet().stream()
                  .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                  .limit(TOP)
                  .forEach(
                      e ->
                          out.add(
                              new JsonObject()
                                  .put("channel", e.getKey())
                                  .put("subscribers", e.getValue())));
              return out;
            });
  }
}
