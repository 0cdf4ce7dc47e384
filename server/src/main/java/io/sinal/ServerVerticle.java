package io.sinal;

import io.sinal.api.ApiRoutes;
import io.sinal.apps.App;
import io.sinal.auth.AllowedHosts;
import io.sinal.auth.Origins;
import io.sinal.auth.Tokens;
import io.sinal.config.SinalConfig;
import io.sinal.http.Assets;
import io.sinal.http.Cors;
import io.sinal.http.HostCheck;
import io.sinal.http.HttpErrors;
import io.sinal.http.ReadDeadlines;
import io.sinal.http.SecurityHeaders;
import io.sinal.http.UriCheck;
import io.sinal.hub.Disconnect;
import io.sinal.hub.FanOut;
import io.sinal.hub.Hub;
import io.sinal.ops.AdminRoutes;
import io.sinal.ops.Health;
import io.sinal.ops.Metrics;
import io.sinal.protocol.CommandDispatcher;
import io.sinal.session.Connections;
import io.sinal.session.LoopHub;
import io.sinal.session.Session;
import io.sinal.session.SessionLimits;
import io.sinal.transport.poll.PollTransport;
import io.sinal.transport.sse.SseTransport;
import io.sinal.transport.websocket.WebSocketTransport;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the server: its own HTTP server on the shared port (Vert.x spreads
 * connections across the instances), its own {@link LoopHub}, its own heartbeat timer.
 */
final class ServerVerticle extends VerticleBase {
  /** What every instance shares. */
  record Shared(
      SinalConfig config,
      Hub hub,
      FanOut fanOut,
      Tokens tokens,
      Origins origins,
      Connections connections,
      CommandDispatcher dispatcher,
      ApiRoutes api,
      List<App> apps,
      Health health,
      Metrics metrics,
      AdminRoutes admin,
      List<LoopHub> loops,
      Assets assets) {}

  private static final long SHUTDOWN_GRACE_MILLIS = 3000;

  private final Shared shared;
  private final int port;
  private LoopHub loop;
  private HttpServer server;

  ServerVerticle(Shared shared, int port) {
    this.shared = shared;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    SinalConfig config = shared.config();
    SessionLimits limits = new SessionLimits(config.maxSubscriptions(), config.maxQueuedBytes());
    loop = new LoopHub(shared.hub(), shared.fanOut(), context, limits, shared.connections());
    shared.loops().add(loop);
    long heartbeat = config.heartbeat().toMillis();

    int frameLimit = 2 * config.maxMessageSize() + 4096;
    Router router = Router.router(vertx);
    router.route().handler(shared.metrics().requests(shared.hub().nodeId()));
    // In front of every route: headers first so that refusals carry them too, then the Host (a
    // rebinding
    // page learns nothing else), then the URI's encoding, before any route reads its query.
    router.route().handler(new SecurityHeaders());
    router.route().handler(new HostCheck(new AllowedHosts(config.http().allowedHosts())));
    router.route().handler(new UriCheck());
    // Pages on other allowed origins (a shop using Sinal): preflights answered, others refused.
    router.route().handler(new Cors(shared.origins()));
    shared.health().install(router);
    if (config.transportEnabled("websocket")) {
      new WebSocketTransport(
              loop, shared.dispatcher(), shared.tokens(), shared.origins(), heartbeat, frameLimit)
          .install(router);
    }
    if (config.transportEnabled("sse")) {
      router.get("/sse").handler(new SseTransport(loop, shared.tokens(), 2000, heartbeat));
    }
    if (config.transportEnabled("poll")) {
      router
          .get("/poll")
          .handler(new PollTransport(loop, shared.tokens(), config.maxPollWait().toSeconds()));
    }
    shared.api().install(router);
    shared.admin().install(router);
    shared.apps().forEach(app -> app.install(router));
    // Pages that live in a folder answer on their bare path too.
    router.get("/lab").handler(ctx -> ctx.reroute("/lab/index.html"));
    router.route().handler(shared.assets());
    for (int status : new int[] {400, 404, 405, 413}) {
      router.errorHandler(status, ctx -> HttpErrors.status(ctx, status));
    }
    router.errorHandler(500, ctx -> HttpErrors.status(ctx, 500));

    server = httpServer(vertx, config).requestHandler(router);
    vertx.setPeriodic(heartbeat, id -> loop.heartbeat(shared.hub().clock().millis()));
    vertx.setPeriodic(
        LoopHub.EXPIRY_SWEEP_MILLIS, id -> loop.expire(shared.hub().clock().millis()));
    return server.listen(port, config.host());
  }

  /**
   * An HTTP server with the request limits of {@code config.http()}: request line and header sizes
   * (a refusal has the JSON error body), read deadlines for heads and bodies, the idle timeout.
   */
  static HttpServer httpServer(Vertx vertx, SinalConfig config) {
    SinalConfig.Http http = config.http();
    // No HTTP/2 cleartext upgrade: nothing here speaks h2c, and its detector sits in every
    // connection's
    // pipeline until the first request has gone by.
    HttpServerOptions options =
        new HttpServerOptions()
            .setHttp2ClearTextEnabled(false)
            .setMaxInitialLineLength(http.maxRequestLine())
            .setMaxHeaderSize(http.maxHeaderSize())
            .setIdleTimeout((int) http.idleTimeout().toSeconds());
    return vertx
        .createHttpServer(options)
        .invalidRequestHandler(
            request ->
                HttpErrors.invalidRequest(request, http.maxRequestLine(), http.maxHeaderSize()))
        .connectionHandler(
            connection ->
                ReadDeadlines.install(
                    connection, http.headTimeout().toMillis(), http.bodyTimeout().toMillis()));
  }

  /**
   * Graceful stop: every client is told to reconnect after a random delay (so they do not all come
   * back at once), SSE streams end with a disconnect event, long polls are answered; then the
   * server stops accepting and waits for connections to finish, up to the drain timeout.
   */
  @Override
  public Future<?> stop() {
    long jitter = shared.config().ops().drainJitter().toMillis();
    for (Session session : loop.sessions()) {
      session.close(
          Disconnect.shutdown(jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitter + 1)));
    }
    // WebSockets and SSE streams left Vert.x when they opened, so it cannot see them close: after
    // the
    // sessions above said goodbye, what is left is in-flight requests, which need seconds at most.
    long grace = Math.min(shared.config().ops().drainTimeout().toMillis(), SHUTDOWN_GRACE_MILLIS);
    return server.shutdown(grace, TimeUnit.MILLISECONDS);
  }
}
