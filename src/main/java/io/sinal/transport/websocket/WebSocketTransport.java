package io.sinal.transport.websocket;

import io.sinal.auth.Origins;
import io.sinal.auth.Tokens;
import io.sinal.hub.Disconnect;
import io.sinal.hub.Identity;
import io.sinal.protocol.CommandDispatcher;
import io.sinal.session.LoopHub;
import io.sinal.session.Session;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.time.Clock;
import java.util.List;

/** Accepts WebSocket upgrades on {@code /ws} and turns each socket into a session. */
public final class WebSocketTransport {
  public static final String PATH = "/ws";

  private final LoopHub loop;
  private final CommandDispatcher dispatcher;
  private final Tokens tokens;
  private final Origins origins;
  private final Clock clock;
  private final long heartbeatMillis;

  public WebSocketTransport(
      LoopHub loop, CommandDispatcher dispatcher, Tokens tokens, Origins origins, long heartbeatMillis) {
    this.loop = loop;
    this.dispatcher = dispatcher;
    this.tokens = tokens;
    this.origins = origins;
    this.clock = loop.hub().clock();
    this.heartbeatMillis = heartbeatMillis;
  }

  public void install(HttpServer server) {
    server.webSocketHandshakeHandler(this::handshake);
    server.webSocketHandler(this::connected);
  }

  private void handshake(ServerWebSocketHandshake handshake) {
    if (!PATH.equals(handshake.path())) {
      handshake.reject(404);
    } else if (!origins.allows(handshake.headers().get("Origin"), handshake.headers().get("Host"))) {
      handshake.reject(403);
    } else {
      handshake.accept();
    }
  }

  private void connected(ServerWebSocket ws) {
    List<String> token = new QueryStringDecoder(ws.uri()).parameters().get("token");
    if (token == null || token.isEmpty()) {
      start(ws, Identity.ANONYMOUS);
      return;
    }
    ws.pause();
    loop.onLoop(
        tokens.verify(token.get(0)),
        ar -> {
          if (ar.succeeded()) {
            start(ws, ar.result()).markConnected();
            ws.resume();
          } else {
            Session session = start(ws, Identity.ANONYMOUS);
            session.close(Disconnect.UNAUTHORIZED);
          }
        });
  }

  private Session start(ServerWebSocket ws, Identity identity) {
    WebSocketConnection connection = new WebSocketConnection(ws, clock, heartbeatMillis);
    Session session = loop.open(connection, identity);
    connection.attach(session, dispatcher);
    return session;
  }
}
