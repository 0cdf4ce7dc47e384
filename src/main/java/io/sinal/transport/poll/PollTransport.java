package io.sinal.transport.poll;

import io.sinal.http.HttpErrors;
import io.sinal.auth.Origins;
import io.sinal.auth.Tokens;
import io.sinal.hub.ChannelName;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.SinalException;
import io.sinal.protocol.CommandDispatcher;
import io.sinal.protocol.Replies;
import io.sinal.session.LoopHub;
import io.sinal.session.Session;
import io.sinal.transport.SubscribeRequest;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /poll}: long polling ({@code wait} &gt; 0) and plain polling ({@code wait=0}). Each request
 * is a short-lived session rebuilt from the cursor, so no state stays on the server between requests
 * and any node can answer any request.
 */
public final class PollTransport implements Handler<RoutingContext> {
  private final LoopHub loop;
  private final Tokens tokens;
  private final Origins origins;
  private final int maxChannels;
  private final long maxWaitSeconds;

  public PollTransport(
      LoopHub loop, Tokens tokens, Origins origins, int maxChannels, long maxWaitSeconds) {
    this.loop = loop;
    this.tokens = tokens;
    this.origins = origins;
    this.maxChannels = maxChannels;
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
    loop.onLoop(
        SubscribeRequest.parse(ctx.request(), loop.hub(), tokens, origins, maxChannels),
        ar -> {
          if (ar.failed()) {
            HttpErrors.send(ctx, ar.cause());
          } else {
            start(ctx, ar.result(), wait, limit);
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

  private void start(RoutingContext ctx, SubscribeRequest request, long wait, int limit) {
    PollExchange exchange = new PollExchange(ctx.response(), request.cursor(), limit);
    Session session = loop.open(exchange, request.identity());
    exchange.session(session);
    ctx.response().closeHandler(v -> exchange.abandon());
    List<Future<Void>> subscribed = new ArrayList<>();
    for (ChannelName channel : request.channels()) {
      subscribed.add(
          session.subscribe(channel, request.cursor().get(channel.value()), start -> exchange.start(channel.value(), start)));
    }
    Future.all(subscribed)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                session.peerClosed();
                HttpErrors.send(ctx.response(), Replies.toSinal(ar.cause()));
                return;
              }
              session.flush();
              if (wait == 0) {
                exchange.answer();
              } else {
                exchange.ready(ctx, wait);
              }
            });
  }
}
