package io.sinal.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.sinal.hub.Disconnect;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.Outbound;
import io.sinal.hub.SinalException;
import io.sinal.protocol.CommandDispatcher;
import io.sinal.protocol.Replies;
import io.sinal.session.Session;
import io.sinal.session.Sink;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One WebSocket: frames in become commands, queued items go out as one text frame per flush. */
final class WebSocketConnection implements Sink {
  private static final byte[] NEWLINE = {'\n'};
  private static final Buffer EMPTY = Buffer.buffer();
  private static final long CLOSE_GRACE_SECONDS = 2;

  private final ServerWebSocket ws;
  private final Clock clock;
  private final long heartbeatMillis;
  private long lastSeen;
  private Session session;

  WebSocketConnection(ServerWebSocket ws, Clock clock, long heartbeatMillis) {
    this.ws = ws;
    this.clock = clock;
    this.heartbeatMillis = heartbeatMillis;
    this.lastSeen = clock.millis();
  }

  void attach(Session session, CommandDispatcher dispatcher) {
    this.session = session;
    ws.textMessageHandler(
        text -> {
          lastSeen = clock.millis();
          dispatcher.handle(session, text);
        });
    ws.binaryMessageHandler(
        data -> {
          lastSeen = clock.millis();
          session.enqueue(
              Replies.error(0, new SinalException(ErrorCode.BAD_REQUEST, "binary frames are not supported; send JSON text")));
        });
    ws.pongHandler(data -> lastSeen = clock.millis());
    ws.drainHandler(v -> session.drained());
    ws.closeHandler(v -> session.peerClosed());
    ws.exceptionHandler(e -> session.peerClosed());
  }

  @Override
  public String transport() {
    return "websocket";
  }

  @Override
  public boolean writable() {
    return !ws.writeQueueFull();
  }

  @Override
  public void write(List<Outbound> batch) {
    ByteBuf payload;
    if (batch.size() == 1) {
      payload = Unpooled.wrappedBuffer(batch.get(0).bytes());
    } else {
      // The shared envelope bytes are wrapped, not copied: one frame, objects separated by '\n'.
      byte[][] parts = new byte[batch.size() * 2 - 1][];
      for (int i = 0; i < batch.size(); i++) {
        if (i > 0) {
          parts[i * 2 - 1] = NEWLINE;
        }
        parts[i * 2] = batch.get(i).bytes();
      }
      payload = Unpooled.wrappedBuffer(parts);
    }
    ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, payload, true));
  }

  @Override
  public void heartbeat(long now) {
    if (ws.isClosed()) {
      return;
    }
    if (now - lastSeen > 2 * heartbeatMillis) {
      session.close(Disconnect.HEARTBEAT_TIMEOUT);
      return;
    }
    ws.writePing(EMPTY);
  }

  @Override
  public void close(Disconnect disconnect) {
    if (ws.isClosed()) {
      return;
    }
    ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(disconnect.toPush().bytes()), true));
    // A peer that does not answer the closing handshake (it may be gone) is cut off after a grace period.
    ws.shutdown(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS, (short) disconnect.code(), disconnect.reason());
  }
}
