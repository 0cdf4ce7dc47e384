package io.sinal.transport.sse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.ReferenceCountUtil;
import io.sinal.http.HttpErrors;
import io.sinal.hub.Disconnect;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.Outbound;
import io.sinal.hub.SinalException;
import io.sinal.session.Positioned;
import io.sinal.session.Session;
import io.sinal.session.Sink;
import io.sinal.transport.ChannelTakeover;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One event stream. Every event that moves a position ({@link Positioned}: {@code connected},
 * publications, resets) carries {@code id: <the stream's cursor after it>}, as the session gives
 * it: a browser that reconnects sends the id of the last event it received, and resumes exactly
 * after it.
 *
 * <p>A stream lasts for hours and there are thousands per node, so once it opens the socket leaves
 * Vert.x, as WebSockets do: Vert.x's HTTP handlers come out of the Netty pipeline (with every
 * Vert.x object of the connection) and this handler writes the response itself — a close-delimited
 * body, so no chunk framing either. That happens at the first write, which the session makes once
 * every subscription has its start; until then refusals are ordinary HTTP answers through Vert.x.
 */
final class SseStream extends ChannelInboundHandlerAdapter implements Sink {
  private static final byte[] HEAD =
      ("HTTP/1.1 200 OK\r\n"
              + "Content-Type: text/event-stream; charset=utf-8\r\n"
              + "Cache-Control: no-cache\r\n"
              + "X-Accel-Buffering: no\r\n"
              + "Connection: close\r\n")
          .getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PING = ": ping\n\n".getBytes(StandardCharsets.US_ASCII);

  /** Until the stream opens; then null, so nothing of Vert.x's request stays reachable. */
  private RoutingContext routing;

  private HttpServerResponse response;
  private final long retryMillis;
  private Session session;
  private Channel channel;

  SseStream(RoutingContext routing, long retryMillis) {
    this.routing = routing;
    this.response = routing.response();
    this.retryMillis = retryMillis;
  }

  /** Until the stream opens, Vert.x tells when the client goes away. */
  void session(Session session) {
    this.session = session;
    response.closeHandler(v -> session.peerClosed());
  }

  /**
   * Takes the socket over from Vert.x and writes the response head (with the headers the routes
   * before set: request id, security and CORS headers) and the retry hint.
   */
  private void open() {
    response.closeHandler(null);
    byte[] headers = ChannelTakeover.headerLines(response);
    channel = ChannelTakeover.detach(routing, 200);
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast("sinal-sse", this);
    channel.write(
        Unpooled.wrappedBuffer(
            HEAD,
            headers,
            ("\r\nretry: " + retryMillis + "\n\n").getBytes(StandardCharsets.US_ASCII)),
        channel.voidPromise());
    ChannelTakeover.resume(channel);
    response = null;
    routing = null;
  }

  @Override
  public boolean writable() {
    return channel == null ? !response.writeQueueFull() : channel.isWritable();
  }

  @Override
  public void write(List<Outbound> batch) {
    if (channel == null) {
      open(); // the first write starts with connected
    }
    ByteBuf out = channel.alloc().buffer(batch.size() * 160);
    for (Outbound item : batch) {
      if (item.event() == null) {
        continue;
      }
      if (item instanceof Positioned moved) {
        field(out, "id: ", moved.cursor());
      }
      field(out, "event: ", item.event());
      out.writeCharSequence("data: ", StandardCharsets.US_ASCII);
      out.writeBytes(item.bytes());
      out.writeCharSequence("\n\n", StandardCharsets.US_ASCII);
    }
    channel.writeAndFlush(out, channel.voidPromise());
  }

  /**
   * One field line. Its value cannot hold CR or LF: channel names, epochs, offsets and event types
   * are checked where they come in (Cursor, ChannelName, Hub). Were one to get through, it would
   * end the line and start a field or an event of the client's choosing, so it is cut out here.
   */
  private static void field(ByteBuf out, String name, String value) {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      value = value.replace("\r", "").replace("\n", "");
    }
    out.writeCharSequence(name, StandardCharsets.US_ASCII);
    out.writeCharSequence(value, StandardCharsets.UTF_8);
    out.writeByte('\n');
  }

  @Override
  public void heartbeat(long now) {
    if (channel != null && channel.isActive()) {
      channel.writeAndFlush(Unpooled.wrappedBuffer(PING), channel.voidPromise());
    }
  }

  @Override
  public void close(Disconnect disconnect) {
    if (channel == null) {
      // Still a Vert.x request: the stream never opened.
      if (disconnect.code() == Disconnect.TOKEN_EXPIRED.code()) {
        HttpErrors.send(response, new SinalException(ErrorCode.UNAUTHORIZED, "token expired"));
      } else if (!response.closed() && !response.headWritten()) {
        response.setStatusCode(503).end();
      }
      return;
    }
    if (channel.isActive()) {
      ByteBuf bye =
          Unpooled.wrappedBuffer(
              "event: disconnect\ndata: ".getBytes(StandardCharsets.US_ASCII),
              disconnect.toPush().bytes(),
              "\n\n".getBytes(StandardCharsets.US_ASCII));
      channel.writeAndFlush(bye).addListener(f -> channel.close());
      // A client that does not read never lets that write complete.
      ChannelTakeover.closeAfterGrace(channel);
    }
  }

  // ---- the socket, once it is ours: the client says nothing on an event stream ----

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      session.drained();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    session.peerClosed();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
