package io.sinal.transport.poll;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.sinal.http.HttpErrors;
import io.sinal.http.NettyChannel;
import io.sinal.hub.Disconnect;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.Outbound;
import io.sinal.hub.Publication;
import io.sinal.hub.SinalException;
import io.sinal.protocol.Replies;
import io.sinal.session.Positioned;
import io.sinal.session.Session;
import io.sinal.session.Sink;
import io.sinal.transport.ChannelTakeover;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One poll request as a sink: collects up to {@code limit} messages and answers as soon as it is
 * ready and holds something, or when the wait ends. The returned cursor is the one the session gave
 * the last item taken, so it covers exactly what was answered; whatever did not fit is read from
 * history by the next request.
 *
 * <p>A poll still waiting after {@link #LEAN_AFTER_MILLIS} is an idle client on a quiet channel: it
 * takes its socket over from Vert.x, as SSE streams do, so that thousands of them hold a few KiB
 * each instead of a whole Vert.x HTTP connection, and answers with {@code Connection: close} (the
 * client's next poll opens a new connection). A poll answered before that (a busy channel) stays an
 * ordinary keep-alive response, so frequent polls do not pay a new connection each.
 */
final class PollExchange extends ChannelInboundHandlerAdapter implements Sink {
  /** How long a poll waits as a Vert.x request before its socket is taken over. */
  static final long LEAN_AFTER_MILLIS = 2000;

  private static final byte[] HEAD =
      ("Content-Type: application/json\r\n"
              + "Cache-Control: no-store\r\n"
              + "Connection: close\r\n")
          .getBytes(StandardCharsets.US_ASCII);

  /** Until the socket is taken over; then null, so nothing of Vert.x's request stays reachable. */
  private HttpServerResponse response;

  /** While the poll is a Vert.x request. */
  private RoutingContext routing;

  private final int limit;
  private final List<Outbound> messages = new ArrayList<>(1);
  private List<Outbound> resets = List.of();

  /**
   * The last item taken that carries the cursor; null until the stream's {@code connected} is
   * written.
   */
  private Positioned last;

  private Session session;
  private boolean ready;
  private boolean answered;
  private Channel channel;

  /** The response's own headers (request id), carried over to the answer written by hand. */
  private byte[] extraHead;

  private ScheduledFuture<?> timeout;

  PollExchange(HttpServerResponse response, int limit) {
    this.response = response;
    this.limit = limit;
  }

  void session(Session session) {
    this.session = session;
  }

  /** Every subscription is in place: answer now if something came, else wait. */
  void ready(RoutingContext ctx, long waitSeconds) {
    ready = true;
    if (!messages.isEmpty() || !resets.isEmpty()) {
      answer();
      return;
    }
    if (response.closed()) {
      abandon();
      return;
    }
    long waitMillis = waitSeconds * 1000;
    EventLoop loop = NettyChannel.of(ctx.request()).eventLoop();
    if (waitMillis <= LEAN_AFTER_MILLIS) {
      timeout = loop.schedule(this::answer, waitMillis, TimeUnit.MILLISECONDS);
    } else {
      this.routing = ctx;
      timeout =
          loop.schedule(
              () -> takeOver(waitMillis - LEAN_AFTER_MILLIS),
              LEAN_AFTER_MILLIS,
              TimeUnit.MILLISECONDS);
    }
  }

  /** Still nothing to answer: the socket leaves Vert.x for the rest of the wait. */
  private void takeOver(long remainingMillis) {
    if (answered) {
      return;
    }
    if (response.closed()) {
      abandon();
      return;
    }
    extraHead = ChannelTakeover.headerLines(response);
    response.closeHandler(null);
    response = null;
    channel = ChannelTakeover.detach(routing, 200);
    routing = null;
    channel.pipeline().addLast("sinal-poll", this);
    ChannelTakeover.resume(channel);
    timeout = channel.eventLoop().schedule(this::answer, remainingMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public boolean writable() {
    return true;
  }

  @Override
  public void write(List<Outbound> batch) {
    for (Outbound item : batch) {
      if (messages.size() >= limit) {
        break;
      }
      if (!(item instanceof Positioned positioned)) {
        continue; // join and leave: a poll shows no presence
      }
      if (positioned.item() instanceof Publication) {
        messages.add(positioned);
      } else if ("reset".equals(positioned.event())) {
        if (resets.isEmpty()) {
          resets = new ArrayList<>(1);
        }
        resets.add(positioned);
      }
      last = positioned;
    }
    if (ready && (!messages.isEmpty() || !resets.isEmpty())) {
      answer();
    }
  }

  void answer() {
    if (!finish()) {
      return;
    }
    Buffer body = Buffer.buffer(256).appendString("{\"messages\":");
    Replies.appendArray(body, messages);
    String cursor = last != null ? last.cursor() : session.cursor();
    body.appendString(",\"cursor\":")
        .appendString(Json.encode(cursor))
        .appendString(",\"resets\":[");
    for (int i = 0; i < resets.size(); i++) {
      if (i > 0) {
        body.appendByte((byte) ',');
      }
      body.appendBytes(resets.get(i).bytes());
    }
    body.appendString("]}");
    if (channel == null) {
      response
          .putHeader("content-type", "application/json")
          .putHeader("cache-control", "no-store")
          .end(body);
      return;
    }
    send(HttpResponseStatus.OK, body);
  }

  /** Answers with an error instead of messages: the poll may not go on. */
  private void refuse(SinalException e) {
    if (!finish()) {
      return;
    }
    if (channel == null) {
      HttpErrors.send(response, e);
      return;
    }
    send(
        HttpResponseStatus.valueOf(e.code().httpStatus()),
        Buffer.buffer(new JsonObject().put("error", Replies.error(e)).encode()));
  }

  /**
   * Marks the poll answered and its session closed; false if it was already, or nobody is left to
   * answer.
   */
  private boolean finish() {
    if (answered) {
      return false;
    }
    answered = true;
    if (timeout != null) {
      timeout.cancel(false);
    }
    session.peerClosed();
    return channel == null ? !response.closed() : channel.isActive();
  }

  /** Writes the whole answer on the socket taken over, then closes it. */
  private void send(HttpResponseStatus status, Buffer body) {
    byte[] statusLine = ("HTTP/1.1 " + status + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] length =
        ("Content-Length: " + body.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    channel
        .writeAndFlush(Unpooled.wrappedBuffer(statusLine, HEAD, extraHead, length, body.getBytes()))
        .addListener(ChannelFutureListener.CLOSE);
  }

  /** The client went away before the answer. */
  void abandon() {
    finish();
  }

  @Override
  public void heartbeat(long now) {}

  @Override
  public void close(Disconnect disconnect) {
    if (disconnect.code() == Disconnect.TOKEN_EXPIRED.code()) {
      refuse(new SinalException(ErrorCode.UNAUTHORIZED, "token expired"));
    } else {
      answer(); // a drain: what is there, at once
    }
  }

  // ---- the socket, once it is ours: a client says nothing more while it waits ----

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!answered) {
      abandon();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
