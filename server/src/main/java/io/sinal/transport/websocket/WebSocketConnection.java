package io.sinal.transport.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;
import io.sinal.hub.Disconnect;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.Outbound;
import io.sinal.hub.Push;
import io.sinal.hub.SinalException;
import io.sinal.protocol.CommandDispatcher;
import io.sinal.protocol.Replies;
import io.sinal.session.Session;
import io.sinal.session.Sink;
import io.sinal.transport.ChannelTakeover;
import java.time.Clock;
import java.util.List;

/**
 * One WebSocket as the last handler of its own Netty pipeline: text frames in become commands,
 * queued items go out as one text frame per flush. Everything runs on the channel's event loop,
 * which is the session's. The fields here are the whole per-connection state of the transport.
 */
final class WebSocketConnection extends ChannelInboundHandlerAdapter implements Sink {
  private static final byte[] NEWLINE = {'\n'};

  private final Clock clock;

  /**
   * A ping frame, which every client answers by itself (so the server knows the peer is alive),
   * then a {@code {"push":"ping"}} text frame, which browser code can see (it never sees pings, so
   * only this lets a page notice a connection gone silent), in one write: one system call per
   * heartbeat.
   */
  private static final ByteBuf HEARTBEAT = heartbeatFrames();

  private final long heartbeatMillis;
  private final SharedFrame shared;
  private Channel channel;
  private Session session;
  private CommandDispatcher dispatcher;
  private long lastSeen;
  private boolean closing;

  /** The payload of the latest ping not answered yet because the socket took nothing; else null. */
  private ByteBuf owedPong;

  WebSocketConnection(Clock clock, long heartbeatMillis, SharedFrame shared) {
    this.clock = clock;
    this.heartbeatMillis = heartbeatMillis;
    this.shared = shared;
    this.lastSeen = clock.millis();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
  }

  void attach(Session session, CommandDispatcher dispatcher) {
    this.session = session;
    this.dispatcher = dispatcher;
    if (!channel.isActive()) {
      session.peerClosed();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      lastSeen = clock.millis();
      if (session == null || closing) {
        return;
      }
      if (msg instanceof TextWebSocketFrame text) {
        dispatcher.handle(session, text.text());
      } else if (msg instanceof BinaryWebSocketFrame) {
        session.enqueue(
            Replies.error(
                0,
                new SinalException(
                    ErrorCode.BAD_REQUEST, "binary frames are not supported; send JSON text")));
      } else if (msg instanceof PingWebSocketFrame ping) {
        pong(ping.content());
      } else if (msg instanceof CloseWebSocketFrame close) {
        // The peer's goodbye: answer with the same status, then close.
        closing = true;
        session.peerClosed();
        ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), ""))
            .addListener(ChannelFutureListener.CLOSE);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /**
   * Answers a ping. A pong written while the socket takes nothing would wait in memory, and a
   * client that pings and never reads would pile pongs up without end. So while the socket is not
   * writable no pong is written: only the latest ping's payload is kept (RFC 6455, 5.5.3, allows
   * answering just the most recent one), it goes out once the socket drains, and every pong owed
   * meanwhile counts against the connection's outbound budget like a queued message — past it the
   * client is a slow consumer.
   */
  private void pong(ByteBuf payload) {
    forgetOwedPong();
    if (channel.isWritable()) {
      channel.writeAndFlush(new PongWebSocketFrame(payload.retain()), channel.voidPromise());
      return;
    }
    owedPong = payload.retain();
    session.charge(payload.readableBytes() + 2);
  }

  private void forgetOwedPong() {
    if (owedPong != null) {
      owedPong.release();
      owedPong = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    forgetOwedPong();
    if (session != null) {
      session.peerClosed();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (!ctx.channel().isWritable()) {
      return;
    }
    if (owedPong != null && !closing) { // nothing may follow our close frame
      channel.writeAndFlush(new PongWebSocketFrame(owedPong), channel.voidPromise());
      owedPong = null;
    }
    forgetOwedPong();
    if (session != null) {
      session.drained();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException) {
      // The decoder or the UTF-8 check wrote its close frame (1002, 1007, 1009) and closes once it
      // is out.
      closing = true;
      ChannelTakeover.closeAfterGrace(channel);
    } else if (cause instanceof TooLongFrameException && !closing && channel.isActive()) {
      // A message over the limit in fragments: the aggregator says so only to us.
      closing = true;
      ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG))
          .addListener(ChannelFutureListener.CLOSE);
      ChannelTakeover.closeAfterGrace(channel);
    } else {
      ctx.close(); // an I/O error
    }
  }

  @Override
  public boolean writable() {
    return channel.isWritable();
  }

  @Override
  public void write(List<Outbound> batch) {
    if (batch.size() == 1) {
      // The frame bytes go to the socket as they are; the frame encoder lets a ByteBuf through.
      channel.writeAndFlush(shared.of(batch.get(0)), channel.voidPromise());
      return;
    }
    // The shared envelope bytes are wrapped, not copied: one frame, objects separated by '\n'.
    byte[][] parts = new byte[batch.size() * 2 - 1][];
    for (int i = 0; i < batch.size(); i++) {
      if (i > 0) {
        parts[i * 2 - 1] = NEWLINE;
      }
      parts[i * 2] = batch.get(i).bytes();
    }
    channel.writeAndFlush(
        new TextWebSocketFrame(Unpooled.wrappedBuffer(parts)), channel.voidPromise());
  }

  @Override
  public void heartbeat(long now) {
    if (closing || !channel.isActive()) {
      return;
    }
    if (now - lastSeen > 2 * heartbeatMillis) {
      // The session goes at once (uncounted, unsubscribed), whatever the socket does.
      session.close(Disconnect.HEARTBEAT_TIMEOUT);
      return;
    }
    // A socket that takes nothing gets no ping: it would only wait in memory behind what already
    // waits.
    if (channel.isWritable()) {
      channel.writeAndFlush(HEARTBEAT.duplicate(), channel.voidPromise());
    }
  }

  private static ByteBuf heartbeatFrames() {
    ByteBuf text = SharedFrame.encode(Push.PING.bytes());
    ByteBuf both =
        Unpooled.directBuffer(2 + text.readableBytes())
            .writeByte(0x89)
            .writeByte(0)
            .writeBytes(text);
    text.release();
    return Unpooled.unreleasableBuffer(both.asReadOnly());
  }

  @Override
  public void close(Disconnect disconnect) {
    if (closing || !channel.isActive()) {
      return;
    }
    channel.write(
        new TextWebSocketFrame(Unpooled.wrappedBuffer(disconnect.toPush().bytes())),
        channel.voidPromise());
    closing = true;
    channel
        .writeAndFlush(new CloseWebSocketFrame(disconnect.code(), disconnect.reason()))
        .addListener(ChannelFutureListener.CLOSE);
    ChannelTakeover.closeAfterGrace(channel);
  }
}
