package io.sinal.transport.sse;

import io.sinal.auth.Tokens;
import io.sinal.http.HttpErrors;
import io.sinal.session.LoopHub;
import io.sinal.session.Session;
import io.sinal.session.SessionKind;
import io.sinal.transport.SubscribeRequest;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /sse}: one session per stream, written as Server-Sent Events. */
public final class SseTransport implements Handler<RoutingContext> {
  private final LoopHub loop;
  private final Tokens tokens;
  private final long retryMillis;
  private final long heartbeatMillis;

  /**
   * {@code heartbeatMillis} is told to clients in the {@code connected} event (comment lines come
   * that often).
   */
  public SseTransport(LoopHub loop, Tokens tokens, long retryMillis, long heartbeatMillis) {
    this.loop = loop;
    this.tokens = tokens;
    this.retryMillis = retryMillis;
    this.heartbeatMillis = heartbeatMillis;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!HttpErrors.admit(ctx.response(), loop::admitConnection)) {
      return;
    }
    SubscribeRequest request = SubscribeRequest.of(ctx.request());
    loop.onLoop(
        request.identity(tokens),
        ar -> {
          if (ar.failed()) {
            HttpErrors.send(ctx, ar.cause());
            return;
          }
          SseStream stream = new SseStream(ctx, retryMillis);
          Session session = loop.open(stream, SessionKind.SSE, ar.result());
          stream.session(session);
          // The stream opens with the session's first write; a refusal before it is a plain HTTP
          // error.
          session
              .subscribeAll(request.channels(), request.cursor(), heartbeatMillis)
              .onFailure(e -> HttpErrors.send(ctx, e));
        });
  }
}
