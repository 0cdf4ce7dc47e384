package io.sinal.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import io.sinal.hub.ErrorCode;
import io.sinal.protocol.Replies;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Read deadlines of one HTTP/1.x connection, kept by two small Netty handlers around Vert.x's
 * request decoder: a request's head (request line and headers) must arrive within the head timeout
 * of its first byte, and its body within the body timeout of its head, unless its route streams the
 * body ({@link #streamingBody}). Past either the client gets 408 with the JSON error body and the
 * connection is closed, so half a request line no longer holds a socket (and a file descriptor) for
 * minutes.
 *
 * <p>Time between requests on a kept-alive connection is not theirs: the head clock starts at the
 * next request's first byte, and Vert.x's idle timeout closes a silent connection. A socket taken
 * over by {@code transport/ChannelTakeover} (WebSocket, SSE, a waiting long poll) loses these
 * handlers with Vert.x's own, so streams follow their heartbeat rules and never these timeouts.
 * Everything runs on the connection's event loop.
 */
public final class ReadDeadlines {
  private final long headMillis;
  private final long bodyMillis;
  private final Bytes bytes = new Bytes();
  private final Messages messages = new Messages();
  private ChannelHandlerContext wire;
  private ScheduledFuture<?> timer;

  /** From a request's first byte to the end of its body. */
  private boolean inRequest;

  /**
   * A response is being written, or the request being read was answered already (a route may answer
   * before the body ends): a 408 would not be the request's answer, so the connection is only
   * closed.
   */
  private boolean responding;

  private boolean answered;

  private ReadDeadlines(long headMillis, long bodyMillis) {
    this.headMillis = headMillis;
    this.bodyMillis = bodyMillis;
  }

  /**
   * Adds the deadlines to a new connection's pipeline; call it from the server's connection
   * handler.
   */
  public static void install(HttpConnection connection, long headMillis, long bodyMillis) {
    ChannelPipeline pipeline = NettyChannel.of(connection).pipeline();
    if (pipeline.get("httpDecoder") == null) {
      return; // not HTTP/1.x
    }
    ReadDeadlines deadlines = new ReadDeadlines(headMillis, bodyMillis);
    pipeline.addBefore("httpDecoder", "sinalReadBytes", deadlines.bytes);
    pipeline.addBefore("handler", "sinalReadMessages", deadlines.messages);
  }

  /**
   * The route reads this request's body as a stream (an upload of any size on a slow link): no
   * total deadline, only the idle timeout's "some byte every so often". Call it on the request's
   * event loop.
   */
  public static void streamingBody(HttpServerRequest request) {
    Channel channel = NettyChannel.of(request);
    if (channel.pipeline().get("sinalReadMessages") instanceof Messages m) {
      m.owner().cancel();
    }
  }

  private void arm(long millis, String what) {
    cancel();
    timer = wire.executor().schedule(() -> expire(what, millis), millis, TimeUnit.MILLISECONDS);
  }

  private void cancel() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void expire(String what, long millis) {
    timer = null;
    if (responding || answered) {
      wire.close();
      return;
    }
    byte[] body =
        new JsonObject()
            .put(
                "error",
                Replies.error(
                    ErrorCode.BAD_REQUEST,
                    "the request " + what + " did not arrive within " + millis / 1000 + " s"))
            .encode()
            .getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\nx-content-type-options: nosniff\r\n"
            + "connection: close\r\ncontent-length: "
            + body.length
            + "\r\n\r\n";
    // Written below Vert.x's codec, straight to the socket: Vert.x has no request, or half of one.
    wire.writeAndFlush(Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body))
        .addListener(ChannelFutureListener.CLOSE);
  }

  /** Before the decoder: sees the bytes, so it knows when a request begins. */
  private final class Bytes extends ChannelInboundHandlerAdapter {
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      wire = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!inRequest && msg instanceof ByteBuf buf && buf.isReadable()) {
        inRequest = true;
        answered = false;
        arm(headMillis, "head");
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      cancel();
    }
  }

  /**
   * After the codec: sees decoded heads and body ends coming in, response heads and ends going out.
   */
  private final class Messages extends ChannelDuplexHandler {
    ReadDeadlines owner() {
      return ReadDeadlines.this;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request) {
        cancel();
        // A head the decoder refused is answered and the connection closed by Vert.x.
        if (request.decoderResult().isSuccess() && hasBody(request)) {
          arm(bodyMillis, "body");
        }
      }
      if (msg instanceof LastHttpContent) {
        cancel();
        inRequest = false;
      }
      ctx.fireChannelRead(msg);
    }

    private static boolean hasBody(HttpRequest request) {
      return HttpUtil.isTransferEncodingChunked(request)
          || HttpUtil.getContentLength(request, 0L) > 0;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (msg instanceof HttpResponse) {
        responding = true;
      }
      if (msg instanceof LastHttpContent) {
        responding = false;
        answered = true;
      }
      ctx.write(msg, promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      cancel();
    }
  }
}
