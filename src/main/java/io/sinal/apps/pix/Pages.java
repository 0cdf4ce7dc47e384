package io.sinal.apps.pix;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The app's HTML pages, read from {@code web/pix/} once at start so serving one never touches the disk.
 * They hold no data: each page reads its payment from the JSON API, by the id in its own URL.
 */
final class Pages {
  static final String CHECKOUT = "checkout.html";
  static final String PAYMENT = "payment.html";
  static final String NOT_FOUND = "not-found.html";
  static final String BANK = "bank.html";

  private final Map<String, byte[]> pages = new HashMap<>();

  /** Blocks on the class path: call it while the server starts. */
  static Pages load() {
    Pages loaded = new Pages();
    for (String name : new String[] {CHECKOUT, PAYMENT, NOT_FOUND, BANK}) {
      try (InputStream in = Pages.class.getClassLoader().getResourceAsStream("web/pix/" + name)) {
        if (in == null) {
          throw new IllegalStateException("web/pix/" + name + " is missing from the class path");
        }
        loaded.pages.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return loaded;
  }

  void send(RoutingContext ctx, int status, String name) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "text/html; charset=utf-8")
        // a fresh Buffer per answer: one Buffer written from several event loops at once is not safe
        .end(Buffer.buffer(pages.get(name)));
  }
}
