package io.sinal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.sinal.http.NettyChannel;
import io.sinal.http.RequestEnd;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Takes a request's socket away from Vert.x for a connection that will stay open: Vert.x's HTTP
 * codec and connection handler leave the Netty pipeline, and with them every Vert.x object of the
 * connection (an idle Vert.x HTTP connection holds about 10 KiB of heap, 4 KiB of it one message
 * queue's first chunk). TLS stays. The caller adds its own handler and writes the response itself.
 * The request is counted in the request metrics at that moment, with the status the caller will
 * write.
 */
public final class ChannelTakeover {
  /** How long a socket told goodbye may take to get it before it is cut. */
  private static final long CLOSE_GRACE_SECONDS = 2;

  private ChannelTakeover() {}

  /**
   * Counts the request in the metrics with {@code status} (Vert.x will never see it end), then
   * removes Vert.x from its pipeline; call it on the request's event loop.
   */
  public static Channel detach(RoutingContext ctx, int status) {
    RequestEnd.takenOver(ctx, status);
    return detach(ctx.request());
  }

  private static Channel detach(HttpServerRequest request) {
    Channel channel = NettyChannel.of(request);
    ChannelPipeline pipeline = channel.pipeline();
    List<String> vertx = new ArrayList<>();
    for (Map.Entry<String, ChannelHandler> e : pipeline) {
      // Vert.x's h2c detectors remove themselves once the first HTTP/1.x request has gone by (a
      // handshake
      // answered at once is inside that), and fail if they are gone already: they are left to do
      // it.
      if (!(e.getValue() instanceof SslHandler)
          && !e.getValue().getClass().getSimpleName().contains("H2C")) {
        vertx.add(e.getKey());
      }
    }
    vertx.forEach(pipeline::remove);
    return channel;
  }

  /**
   * Closes {@code channel} after a grace period, whatever is still waiting to be written: the
   * goodbye of a peer that is gone, or does not read, would otherwise keep its socket open for
   * ever.
   */
  public static void closeAfterGrace(Channel channel) {
    channel.eventLoop().schedule(() -> channel.close(), CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
  }

  /** Reads again once the new handlers are in place (Vert.x may have paused the socket). */
  public static void resume(Channel channel) {
    channel.config().setAutoRead(true);
  }

  /**
   * The header lines the routes before the take-over set on {@code response} (request id, security
   * and CORS headers), one {@code Name: value\r\n} each, for a head written by hand.
   */
  public static byte[] headerLines(HttpServerResponse response) {
    StringBuilder head = new StringBuilder();
    response
        .headers()
        .forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    return head.toString().getBytes(StandardCharsets.UTF_8);
  }
}
