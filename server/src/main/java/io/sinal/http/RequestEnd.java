package io.sinal.http;

import io.vertx.ext.web.RoutingContext;

/**
 * The end of a request that Vert.x never sees end: a route that takes the socket away from Vert.x
 * (a WebSocket, an SSE stream, a long poll that keeps waiting) says so here, and whatever counts
 * requests (ops/Metrics) has left here what to run then. Neither side knows the other.
 */
public final class RequestEnd {
  private static final String KEY = "sinal.request.end";

  private RequestEnd() {}

  /** Runs {@code count} when the request's socket is taken over, instead of when Vert.x ends it. */
  public static void onTakeOver(RoutingContext ctx, Runnable count) {
    ctx.put(KEY, count);
  }

  /** The request ends now, answered with {@code status} by whoever took its socket. */
  public static void takenOver(RoutingContext ctx, int status) {
    Runnable count = ctx.get(KEY);
    if (count != null) {
      ctx.response().setStatusCode(status);
      count.run();
    }
  }
}
