package io.sinal.http;

import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;

/**
 * The Netty channel under a server HTTP connection, for what works below Vert.x: the read
 * deadlines' handlers and the take-over of a socket that stays open. Vert.x 5.0 offers no public or
 * {@code io.vertx.core.internal} way to it ({@code NetSocketInternal} has one, but a request
 * becomes a NetSocket only for CONNECT or an upgrade, and Vert.x then writes the response head
 * itself); {@link HttpServerConnection}, the interface every server connection implements (HTTP/1.x
 * and 2), is the narrowest type that has it, and this is the one place that names it.
 */
public final class NettyChannel {
  private NettyChannel() {}

  /** The channel of the connection {@code request} came on; its event loop is the request's. */
  public static Channel of(HttpServerRequest request) {
    return of(request.connection());
  }

  public static Channel of(HttpConnection connection) {
    return ((HttpServerConnection) connection).channelHandlerContext().channel();
  }
}
