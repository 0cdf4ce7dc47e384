package io.sinal.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Takes a request's socket away from Vert.x for a connection that will stay open: Vert.x's HTTP codec and
 * connection handler leave the Netty pipeline, and with them every Vert.x object of the connection (an
 * idle Vert.x HTTP connection holds about 10 KiB of heap, 4 KiB of it one message queue's first chunk).
 * TLS stays. The caller adds its own handler and writes the response itself.
 */
public final class ChannelTakeover {
  private ChannelTakeover() {}

  /** The Netty channel under a request; its event loop is the request's. */
  public static Channel channel(HttpServerRequest request) {
    return ((ConnectionBase) request.connection()).channel();
  }

  /** Removes Vert.x from the request's pipeline; call it on the request's event loop. */
  public static Channel detach(HttpServerRequest request) {
    Channel channel = channel(request);
    ChannelPipeline pipeline = channel.pipeline();
    List<String> vertx = new ArrayList<>();
    for (Map.Entry<String, ChannelHandler> e : pipeline) {
      // Vert.x's h2c detectors remove themselves once the first HTTP/1.x request has gone by (a handshake
      // answered at once is inside that), and fail if they are gone already: they are left to do it.
      if (!(e.getValue() instanceof SslHandler) && !e.getValue().getClass().getSimpleName().contains("H2C")) {
        vertx.add(e.getKey());
      }
    }
    vertx.forEach(pipeline::remove);
    return channel;
  }

  /** Reads again once the new handlers are in place (Vert.x may have paused the socket). */
  public static void resume(Channel channel) {
    channel.config().setAutoRead(true);
  }
}
