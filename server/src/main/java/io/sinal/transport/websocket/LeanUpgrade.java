package io.sinal.transport.websocket;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.sinal.transport.ChannelTakeover;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The RFC 6455 handshake done by hand, and the take-over of the channel from Vert.x: its HTTP codec
 * and connection handler leave the pipeline (and with them every Vert.x object of the connection),
 * a frame encoder, frame decoder, UTF-8 check, fragment aggregator and our handler take their
 * place. Per-message compression is not negotiated: it would cost a deflate context per connection.
 */
final class LeanUpgrade {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private LeanUpgrade() {}

  /** Why a handshake is refused, with the status that says so (RFC 6455, 4.2.2). */
  enum Refusal {
    /** No {@code Connection: upgrade}. */
    NOT_AN_UPGRADE(400),
    /** A version other than 13: 426 Upgrade Required, with the version we speak. */
    VERSION(426),
    /** No {@code Sec-WebSocket-Key}. */
    NO_KEY(400);

    final int status;

    Refusal(int status) {
      this.status = status;
    }
  }

  static boolean isUpgrade(HttpServerRequest request) {
    String upgrade = request.getHeader("Upgrade");
    return request.method() == HttpMethod.GET
        && upgrade != null
        && upgrade.equalsIgnoreCase("websocket");
  }

  /** Why the handshake cannot be accepted, or null when it can. */
  static Refusal refusal(HttpServerRequest request) {
    String connection = request.getHeader("Connection");
    if (connection == null || !connection.toLowerCase().contains("upgrade")) {
      return Refusal.NOT_AN_UPGRADE;
    }
    if (!"13".equals(request.getHeader("Sec-WebSocket-Version"))) {
      return Refusal.VERSION;
    }
    String key = request.getHeader("Sec-WebSocket-Key");
    return key == null || key.isBlank() ? Refusal.NO_KEY : null;
  }

  /**
   * Answers 101 and puts {@code handler} at the end of a WebSocket pipeline; returns the channel.
   */
  static Channel takeOver(
      RoutingContext ctx, ChannelHandler handler, WebSocketDecoderConfig config) {
    HttpServerRequest request = ctx.request();
    Channel channel = ChannelTakeover.detach(ctx, 101);
    ChannelPipeline pipeline = channel.pipeline();
    // Outbound frames travel towards the head: the encoder comes first, so that the close frames
    // the
    // decoder, the UTF-8 check and our handler write on a protocol violation are encoded too.
    pipeline.addLast("ws-encoder", new WebSocket13FrameEncoder(false));
    pipeline.addLast("ws-decoder", new WebSocket13FrameDecoder(config));
    pipeline.addLast("ws-utf8", new Utf8FrameValidator(true));
    pipeline.addLast("ws-aggregator", new WebSocketFrameAggregator(config.maxFramePayloadLength()));
    pipeline.addLast("sinal", handler);
    String response =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: "
            + accept(request.getHeader("Sec-WebSocket-Key").trim())
            + "\r\n\r\n";
    channel.writeAndFlush(
        Unpooled.wrappedBuffer(response.getBytes(StandardCharsets.US_ASCII)),
        channel.voidPromise());
    ChannelTakeover.resume(channel);
    return channel;
  }

  /** The decoder configuration; immutable, so one is shared by every connection of a loop. */
  static WebSocketDecoderConfig decoderConfig(int maxFrameSize) {
    return WebSocketDecoderConfig.newBuilder()
        .expectMaskedFrames(true)
        .allowExtensions(false)
        .maxFramePayloadLength(maxFrameSize)
        .closeOnProtocolViolation(true)
        .build();
  }

  static String accept(String key) {
    try {
      byte[] sha1 =
          MessageDigest.getInstance("SHA-1")
              .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
      return Base64.getEncoder().encodeToString(sha1);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  }
}
