package io.sinal.http;

import io.sinal.auth.Origins;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.SinalException;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Cross-origin requests from the pages {@link Origins} allows: {@code /sinal.js} imported as a
 * module, SSE and polling (with {@code Authorization} and {@code Last-Event-ID}), and the apps'
 * routes. The allowed origin is echoed, never {@code *}, with credentials allowed, since a backend
 * may authenticate a page by its cookie. A request from any other origin is refused with 403 before
 * it reaches a route. The server API ({@code /api/*}) is for backends and never answers CORS.
 *
 * <p>Vert.x's CorsHandler takes a fixed list of origins; ours also depends on the request's own
 * Host (same origin) and on the localhost rule, which is why this is written here.
 */
public final class Cors implements Handler<RoutingContext> {
  static final String ALLOWED_METHODS = "GET, POST, DELETE, OPTIONS";
  static final String ALLOWED_HEADERS = "Authorization, Content-Type, Last-Event-ID, Cache-Control";
  static final String EXPOSED_HEADERS = "X-Request-Id";

  /**
   * Seconds a browser may cache a preflight answer: short, so a changed origin list is seen soon.
   */
  static final String MAX_AGE = "600";

  private final Origins origins;

  public Cors(Origins origins) {
    this.origins = origins;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String origin = request.getHeader("Origin");
    if (origin == null || request.path().startsWith("/api/")) {
      ctx.next();
      return;
    }
    if (!origins.allows(origin, request.getHeader("Host"))) {
      HttpErrors.send(
          ctx,
          new SinalException(ErrorCode.FORBIDDEN, "origin " + shown(origin) + " is not allowed"));
      return;
    }
    MultiMap headers = ctx.response().headers();
    headers.add("Vary", "Origin");
    if (origins.sameOrigin(origin, request.getHeader("Host"))) {
      ctx.next();
      return;
    }
    headers
        .set("Access-Control-Allow-Origin", origin)
        .set("Access-Control-Allow-Credentials", "true");
    if (request.method() == HttpMethod.OPTIONS
        && request.getHeader("Access-Control-Request-Method") != null) {
      headers
          .set("Access-Control-Allow-Methods", ALLOWED_METHODS)
          .set("Access-Control-Allow-Headers", ALLOWED_HEADERS)
          .set("Access-Control-Max-Age", MAX_AGE);
      ctx.response().setStatusCode(204).end();
      return;
    }
    headers.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    ctx.next();
  }

  private static String shown(String origin) {
    return origin.length() > 100 ? origin.substring(0, 100) + "…" : origin;
  }
}
