package io.sinal.transport.websocket;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.sinal.auth.Origins;
import io.sinal.auth.Tokens;
import io.sinal.http.HttpErrors;
import io.sinal.hub.Disconnect;
import io.sinal.hub.Identity;
import io.sinal.protocol.CommandDispatcher;
import io.sinal.session.LoopHub;
import io.sinal.session.Session;
import io.sinal.session.SessionKind;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;

/**
 * Accepts WebSocket upgrades on {@code /ws} and turns each socket into a session.
 *
 * <p>A connection lasts for hours and there are tens of thousands per node, so after the handshake
 * the socket leaves Vert.x: {@link LeanUpgrade} takes the Netty channel over with our own small
 * pipeline (frame codec plus {@link WebSocketConnection}), dropping Vert.x's per-connection objects
 * and their two write queues. Routing, the handshake checks and the event loop stay Vert.x's.
 */
public final class WebSocketTransport {
  public static final String PATH = "/ws";

  private final LoopHub loop;
  private final CommandDispatcher dispatcher;
  private final Tokens tokens;
  private final Origins origins;
  private final Clock clock;
  private final long heartbeatMillis;
  private final WebSocketDecoderConfig decoderConfig;
  private final SharedFrame sharedFrame = new SharedFrame();

  public WebSocketTransport(
      LoopHub loop,
      CommandDispatcher dispatcher,
      Tokens tokens,
      Origins origins,
      long heartbeatMillis,
      int maxFrameSize) {
    this.loop = loop;
    this.dispatcher = dispatcher;
    this.tokens = tokens;
    this.origins = origins;
    this.clock = loop.hub().clock();
    this.heartbeatMillis = heartbeatMillis;
    this.decoderConfig = LeanUpgrade.decoderConfig(maxFrameSize);
  }

  /** Must come before any route that would answer {@code GET /ws} (static files). */
  public void install(Router router) {
    router.get(PATH).handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!LeanUpgrade.isUpgrade(request)) {
      ctx.next();
      return;
    }
    if (!origins.allows(request.getHeader("Origin"), request.getHeader("Host"))) {
      request.response().setStatusCode(403).end();
      return;
    }
    LeanUpgrade.Refusal refusal = LeanUpgrade.refusal(request);
    if (refusal != null) {
      request
          .response()
          .setStatusCode(refusal.status)
          .putHeader("Sec-WebSocket-Version", "13")
          .end();
      return;
    }
    if (!HttpErrors.admit(request.response(), loop::admitConnection)) {
      return;
    }
    List<String> token = new QueryStringDecoder(request.uri()).parameters().get("token");
    WebSocketConnection connection = new WebSocketConnection(clock, heartbeatMillis, sharedFrame);
    Channel channel = LeanUpgrade.takeOver(ctx, connection, decoderConfig);
    if (token == null || token.isEmpty()) {
      start(connection, Identity.ANONYMOUS);
      return;
    }
    // Frames wait in the socket until the token is checked.
    channel.config().setAutoRead(false);
    loop.onLoop(
        tokens.verify(token.get(0)),
        ar -> {
          if (ar.succeeded()) {
            start(connection, ar.result()).markConnected();
            channel.config().setAutoRead(true);
          } else {
            start(connection, Identity.ANONYMOUS).close(Disconnect.UNAUTHORIZED);
          }
        });
  }

  private Session start(WebSocketConnection connection, Identity identity) {
    Session session = loop.open(connection, SessionKind.WEBSOCKET, identity);
    connection.attach(session, dispatcher);
    return session;
  }
}
