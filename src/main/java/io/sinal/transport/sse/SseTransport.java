package io.sinal.transport.sse;

import io.sinal.http.HttpErrors;
import io.sinal.auth.Origins;
import io.sinal.auth.Tokens;
import io.sinal.hub.ChannelName;
import io.sinal.protocol.Replies;
import io.sinal.session.LoopHub;
import io.sinal.session.Session;
import io.sinal.transport.SubscribeRequest;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/** {@code GET /sse}: one session per stream, written as Server-Sent Events. */
public final class SseTransport implements Handler<RoutingContext> {
  private final LoopHub loop;
  private final Tokens tokens;
  private final Origins origins;
  private final int maxChannels;
  private final long retryMillis;
  private final long heartbeatMillis;

  /** {@code heartbeatMillis} is told to clients in the {@code connected} event (comment lines come that often). */
  public SseTransport(LoopHub loop, Tokens tokens, Origins origins, int maxChannels, long retryMillis, long heartbeatMillis) {
    this.heartbeatMillis = heartbeatMillis;
    this.loop = loop;
    this.tokens = tokens;
    this.origins = origins;
    this.maxChannels = maxChannels;
    this.retryMillis = retryMillis;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!HttpErrors.admit(ctx.response(), loop::admitConnection)) {
      return;
    }
    loop.onLoop(
        SubscribeRequest.parse(ctx.request(), loop.hub(), tokens, origins, maxChannels),
        ar -> {
          if (ar.failed()) {
            HttpErrors.send(ctx, ar.cause());
          } else {
            start(ctx, ar.result());
          }
        });
  }

  private void start(RoutingContext ctx, SubscribeRequest request) {
    HttpServerResponse response = ctx.response();
    SseStream stream = new SseStream(response, request.cursor(), retryMillis);
    Session session = loop.open(stream, request.identity());
    stream.session(session);
    // Until the stream opens and the socket becomes ours, Vert.x tells us if the client goes away.
    response.closeHandler(v -> session.peerClosed());
    // Nothing is written until every subscription has its start position: the stream opens with them.
    session.hold();
    List<Future<Void>> subscribed = new ArrayList<>();
    for (ChannelName channel : request.channels()) {
      subscribed.add(
          session.subscribe(channel, request.cursor().get(channel.value()), start -> stream.start(channel.value(), start)));
    }
    Future.all(subscribed)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                session.peerClosed();
                HttpErrors.send(response, Replies.toSinal(ar.cause()));
                return;
              }
              if (session.isClosed()) {
                return;
              }
              response.closeHandler(null);
              session.enqueueFirst(stream.connected(session.id(), heartbeatMillis));
              stream.open(ctx);
              session.release();
            });
  }
}
