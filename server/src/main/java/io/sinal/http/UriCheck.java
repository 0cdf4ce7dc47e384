package io.sinal.http;

import io.sinal.hub.ErrorCode;
import io.sinal.hub.SinalException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request URI with malformed percent-encoding ({@code %zz}, a lone {@code %}) with 400
 * before any route reads it. Left to the routes, the decoder's exception became a 500 whose message
 * held the whole URI, query string and {@code token=} included, and reached the log.
 */
public final class UriCheck implements Handler<RoutingContext> {
  @Override
  public void handle(RoutingContext ctx) {
    if (wellEncoded(ctx.request().uri())) {
      ctx.next();
    } else {
      HttpErrors.send(
          ctx,
          new SinalException(
              ErrorCode.BAD_REQUEST, "the request URI has malformed percent-encoding"));
    }
  }

  /** Every {@code %} is followed by two hex digits, as URI decoders require. */
  static boolean wellEncoded(String uri) {
    for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 3)) {
      if (i + 2 >= uri.length() || !hex(uri.charAt(i + 1)) || !hex(uri.charAt(i + 2))) {
        return false;
      }
    }
    return true;
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
