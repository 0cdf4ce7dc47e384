package io.sinal.apps.pix;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The app's HTML pages, read from {@code web/pix/} once at start so serving one never touches the
 * disk. They hold no data: each page reads its payment from the JSON API, by the id in its own URL.
 * What they say about the bank simulator is fixed at start: of each {@code
 * <!--simulator-on-->…<!--/simulator-on-->} and {@code -off} part, only the one that is true stays.
 */
final class Pages {
  static final String CHECKOUT = "checkout.html";
  static final String PAYMENT = "payment.html";
  static final String NOT_FOUND = "not-found.html";
  static final String BANK = "bank.html";

  private final Map<String, byte[]> pages = new HashMap<>();

  /** Blocks on the class path: call it while the server starts. */
  static Pages load(boolean simulatorOn) {
    Pattern untrue =
        Pattern.compile(
            "(?s)<!--simulator-"
                + (simulatorOn ? "off" : "on")
                + "-->.*?<!--/simulator-"
                + (simulatorOn ? "off" : "on")
                + "-->");
    Pages loaded = new Pages();
    for (String name : new String[] {CHECKOUT, PAYMENT, NOT_FOUND, BANK}) {
      try (InputStream in = Pages.class.getClassLoader().getResourceAsStream("web/pix/" + name)) {
        if (in == null) {
          throw new IllegalStateException("web/pix/" + name + " is missing from the class path");
        }
        String page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        loaded.pages.put(
            name, untrue.matcher(page).replaceAll("").getBytes(StandardCharsets.UTF_8));
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
        // a fresh Buffer per answer: one Buffer written from several event loops at once is not
        // safe
        .end(Buffer.buffer(pages.get(name)));
  }
}
