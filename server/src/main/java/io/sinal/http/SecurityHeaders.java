package io.sinal.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers on every answer that keep pages from being framed (clickjacking of /bank and /chat),
 * content from being sniffed into another type, and URLs (a payment page's id) from leaking as
 * referrers. The policy allows what the pages do and nothing more: scripts, styles, images and
 * connections (WebSocket included) from this origin only, no inline code, no plugins.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

  private static final CharSequence CSP = HttpHeaders.createOptimized("Content-Security-Policy");
  private static final CharSequence CSP_VALUE =
      HttpHeaders.createOptimized(CONTENT_SECURITY_POLICY);
  private static final CharSequence FRAME = HttpHeaders.createOptimized("X-Frame-Options");
  private static final CharSequence DENY = HttpHeaders.createOptimized("DENY");
  private static final CharSequence TYPE_OPTIONS =
      HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
  private static final CharSequence REFERRER = HttpHeaders.createOptimized("Referrer-Policy");
  private static final CharSequence NO_REFERRER = HttpHeaders.createOptimized("no-referrer");

  @Override
  public void handle(RoutingContext ctx) {
    MultiMap headers = ctx.response().headers();
    headers
        .set(CSP, CSP_VALUE)
        .set(FRAME, DENY)
        .set(TYPE_OPTIONS, NOSNIFF)
        .set(REFERRER, NO_REFERRER);
    ctx.next();
  }
}
