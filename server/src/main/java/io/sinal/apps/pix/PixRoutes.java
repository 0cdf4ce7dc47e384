package io.sinal.apps.pix;

import io.sinal.apps.RateLimiter;
import io.sinal.http.HttpErrors;
import io.sinal.hub.SinalException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The routes of one payment method, all under {@code /payments/pix} (docs/apps/pix.md), so another
 * method gets a family of its own beside it. Also the one place PIX errors become HTTP answers.
 */
final class PixRoutes {
  /** Request bodies are a few fields: anything larger is refused before it is read (413). */
  static final long MAX_BODY = 16 * 1024;

  static final int MAX_DESCRIPTION = 140;

  /** Ids are 22 letters and digits; anything else is not found without asking the database. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,32}");

  private final PaymentService service;
  private final Webhook webhook;
  private final Pages pages;

  /**
   * Creations per client address: every one is a row that stays, so nobody may make them forever.
   */
  private final RateLimiter creations;

  private final int createRate;

  PixRoutes(PaymentService service, Webhook webhook, Pages pages, PixOptions options, Clock clock) {
    this.service = service;
    this.webhook = webhook;
    this.pages = pages;
    this.creations = new RateLimiter(options.createRate(), Duration.ofMinutes(1), clock);
    this.createRate = options.createRate();
  }

  /** Forgets rate buckets that are full again; called every tick. */
  void sweep() {
    creations.sweep();
  }

  void install(Router router) {
    BodyHandler body = BodyHandler.create(false).setBodyLimit(MAX_BODY);
    router.get("/payments/pix").handler(ctx -> pages.send(ctx, 200, Pages.CHECKOUT));
    router.post("/payments/pix").handler(body).handler(this::create);
    router.post("/payments/pix/confirmation").handler(body).handler(this::confirmation);
    router.get("/payments/pix/qr_code/:id").handler(this::qrCode);
    router.get("/payments/pix/:id").handler(this::show);
  }

  private void create(RoutingContext ctx) {
    BigDecimal value;
    String description;
    try {
      JsonBody json = JsonBody.parse(bytes(ctx));
      value = Payment.checkValue(json.decimal("value", PixError.INVALID_VALUE));
      description = json.string("description", MAX_DESCRIPTION, false);
    } catch (SinalException e) {
      fail(ctx, e);
      return;
    }
    // After the checks, so a client's mistakes do not use up its rate
    long wait =
        creations.take(
            ctx.request().remoteAddress() == null
                ? ""
                : ctx.request().remoteAddress().hostAddress());
    if (wait > 0) {
      long seconds = (wait + 999) / 1000;
      fail(
          ctx,
          new SinalException(
              PixError.RATE_LIMITED,
              "too many payments from your address: at most "
                  + createRate
                  + " a minute; try again in "
                  + seconds
                  + " s",
              seconds));
      return;
    }
    service
        .create(value, description)
        .onSuccess(
            p -> {
              JsonObject payment = p.toJson();
              ctx.response().putHeader("location", payment.getString("page"));
              json(ctx, 201, payment);
            })
        .onFailure(e -> fail(ctx, e));
  }

  private void confirmation(RoutingContext ctx) {
    webhook
        .receive(bytes(ctx), ctx.request().getHeader(WebhookSignature.HEADER))
        .onSuccess(p -> json(ctx, 200, p.toJson()))
        .onFailure(e -> fail(ctx, e));
  }

  private void qrCode(RoutingContext ctx) {
    find(ctx.pathParam("id"))
        .compose(p -> ctx.vertx().executeBlocking(() -> QrCode.png(p.payload()), false))
        .onSuccess(
            png ->
                ctx.response()
                    .putHeader("content-type", "image/png")
                    // a payment's code never changes
                    .putHeader("cache-control", "private, max-age=86400, immutable")
                    .end(Buffer.buffer(png)))
        .onFailure(e -> fail(ctx, e));
  }

  /** The payment page, or with {@code Accept: application/json} the payment itself. */
  private void show(RoutingContext ctx) {
    boolean json = wantsJson(ctx.request().getHeader("accept"));
    find(ctx.pathParam("id"))
        .onSuccess(
            p -> {
              if (json) {
                json(ctx, 200, p.toJson());
              } else {
                pages.send(ctx, 200, Pages.PAYMENT);
              }
            })
        .onFailure(
            e -> {
              if (!json && e instanceof SinalException pix && pix.code() == PixError.NOT_FOUND) {
                pages.send(ctx, 404, Pages.NOT_FOUND);
              } else {
                fail(ctx, e);
              }
            });
  }

  private Future<Payment> find(String id) {
    if (!ID.matcher(id).matches()) {
      return Future.failedFuture(new SinalException(PixError.NOT_FOUND, "no payment with that id"));
    }
    return service.find(id);
  }

  /** JSON when asked for it and not for HTML: a browser's Accept lists text/html first. */
  static boolean wantsJson(String accept) {
    return accept != null && accept.contains("application/json") && !accept.contains("text/html");
  }

  static byte[] bytes(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    return body == null ? new byte[0] : body.getBytes();
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body.encode());
  }

  /** PIX refusals with their own codes, in the protocol's error shape; anything else is a 500. */
  static void fail(RoutingContext ctx, Throwable failure) {
    HttpErrors.send(ctx, failure);
  }
}
