package io.sinal.transport.poll;

import io.sinal.auth.Tokens;
import io.sinal.http.HttpErrors;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.Identity;
import io.sinal.hub.SinalException;
import io.sinal.protocol.CommandDispatcher;
import io.sinal.session.LoopHub;
import io.sinal.session.Session;
import io.sinal.session.SessionKind;
import io.sinal.transport.SubscribeRequest;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /poll}: long polling ({@code wait} &gt; 0) and plain polling ({@code wait=0}). Each
 * request is a short-lived session rebuilt from the cursor, so no state stays on the server between
 * requests and any node can answer any request.
 */
public final class PollTransport implements Handler<RoutingContext> {
  private final LoopHub loop;
  private final Tokens tokens;
  private final long maxWaitSeconds;

  public PollTransport(LoopHub loop, Tokens tokens, long maxWaitSeconds) {
    this.loop = loop;
    this.tokens = tokens;
    this.maxWaitSeconds = maxWaitSeconds;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!HttpErrors.admit(ctx.response(), loop::admitConnection)) {
      return;
    }
    long wait;
    int limit;
    try {
      wait = waitSeconds(ctx.request().getParam("wait"));
      limit = CommandDispatcher.limit(ctx.request().getParam("limit"));
    } catch (SinalException e) {
      HttpErrors.send(ctx, e);
      return;
    }
    SubscribeRequest request = SubscribeRequest.of(ctx.request());
    loop.onLoop(
        request.identity(tokens),
        ar -> {
          if (ar.failed()) {
            HttpErrors.send(ctx, ar.cause());
          } else {
            start(ctx, request, ar.result(), wait, limit);
          }
        });
  }

  private long waitSeconds(String value) {
    if (value == null) {
      return Math.min(25, maxWaitSeconds);
    }
    if (!value.matches("\\d{1,6}")) {
      throw new SinalException(ErrorCode.BAD_REQUEST, "wait must be a whole number of seconds");
    }
    return Math.min(Long.parseLong(value), maxWaitSeconds);
  }

  private void start(
      RoutingContext ctx, SubscribeRequest request, Identity identity, long wait, int limit) {
    PollExchange exchange = new PollExchange(ctx.response(), limit);
    Session session = loop.open(exchange, SessionKind.POLL, identity);
    exchange.session(session);
    ctx.response().closeHandler(v -> exchange.abandon());
    session
        .subscribeAll(request.channels(), request.cursor(), 0)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                HttpErrors.send(ctx, ar.cause());
              } else if (wait == 0) {
                exchange.answer();
              } else {
                exchange.ready(ctx, wait);
              }
            });
  }
}
