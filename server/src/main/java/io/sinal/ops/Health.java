package io.sinal.ops;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Liveness and readiness. Live means the process answers. Ready means every registered check (the
 * store, later Redis) answered within {@link #TIMEOUT_MILLIS} and the node is not draining — what a
 * load balancer needs to send traffic here.
 */
public final class Health {
  static final long TIMEOUT_MILLIS = 2000;

  private final Vertx vertx;
  private final Map<String, Supplier<Future<Void>>> checks = new ConcurrentHashMap<>();

  /** Last result per check, for metrics: true when it answered. */
  private final Map<String, Boolean> last = new ConcurrentHashMap<>();

  private volatile boolean draining;

  public Health(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Adds a readiness check; it must not block (run blocking work on a worker and return its
   * future).
   */
  public void register(String name, Supplier<Future<Void>> check) {
    checks.put(name, check);
    last.put(name, true);
  }

  public Map<String, Boolean> lastResults() {
    return Map.copyOf(last);
  }

  public void drain() {
    draining = true;
  }

  public boolean draining() {
    return draining;
  }

  /** Runs every check; the answer says which failed and why. */
  public Future<JsonObject> ready() {
    JsonObject results = new JsonObject();
    Future<Void> all = Future.succeededFuture();
    for (Map.Entry<String, Supplier<Future<Void>>> check : checks.entrySet()) {
      Future<Void> one =
          run(check.getValue())
              .andThen(
                  ar -> {
                    last.put(check.getKey(), ar.succeeded());
                    results.put(
                        check.getKey(), ar.succeeded() ? "up" : "down: " + ar.cause().getMessage());
                  });
      all = all.eventually(() -> one);
    }
    return all.transform(
        ar -> {
          boolean up = !draining && results.stream().allMatch(e -> "up".equals(e.getValue()));
          return Future.succeededFuture(
              new JsonObject()
                  .put("status", up ? "ready" : draining ? "draining" : "not_ready")
                  .put("checks", results));
        });
  }

  private Future<Void> run(Supplier<Future<Void>> check) {
    Future<Void> result;
    try {
      result = check.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return result.timeout(TIMEOUT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  public void install(Router router) {
    router
        .get("/health/live")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader("content-type", "application/json")
                    .end(new JsonObject().put("status", "up").encode()));
    router
        .get("/health/ready")
        .handler(
            ctx ->
                ready()
                    .onComplete(
                        ar -> {
                          JsonObject body = ar.result();
                          ctx.response()
                              .setStatusCode("ready".equals(body.getString("status")) ? 200 : 503)
                              .putHeader("content-type", "application/json")
                              .end(body.encode());
                        }));
  }
}
