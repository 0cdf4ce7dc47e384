package io.sinal.apps.pix;

import io.sinal.apps.App;
import io.sinal.hub.Hub;
import io.sinal.hub.NamespaceOptions;
import io.sinal.store.Store;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * PIX payments with real-time confirmation (docs/apps/pix.md): the routes under {@code
 * /payments/pix}, the bank simulator at {@code /bank}, and a one-second tick that expires due
 * payments and re-announces what was not announced. Status changes are published on {@code
 * payments:<id>}.
 */
public final class PixApp implements App {
  private static final Logger LOG = Logger.getLogger(PixApp.class.getName());

  /**
   * The {@code payments} namespace unless the operator configured one: public, as a payment's id is
   * the capability to follow it, with a short history, as each channel carries one change (or its
   * repeat).
   */
  static final NamespaceOptions NAMESPACE =
      NamespaceOptions.DEFAULT.withHistory(10, Duration.ofHours(1));

  static final Duration TICK = Duration.ofSeconds(1);

  private final Vertx vertx;
  private final PixRoutes routes;
  private final BankSimulator bank;
  private final long timer;

  private PixApp(Vertx vertx, PixRoutes routes, BankSimulator bank, PaymentService service) {
    this.vertx = vertx;
    this.routes = routes;
    this.bank = bank;
    // The first tick right away: it announces what the last run left unannounced.
    this.timer =
        vertx.setPeriodic(
            1,
            TICK.toMillis(),
            id -> {
              service.tick();
              routes.sweep();
            });
  }

  /**
   * Wires the app and starts its tick; reads its pages from the class path, so call it while
   * starting.
   */
  public static PixApp start(
      Vertx vertx, Hub hub, Store store, PixOptions options, String webhookSecret, Clock clock) {
    if (!hub.namespaces().containsKey(Payment.NAMESPACE)) {
      hub.namespace(Payment.NAMESPACE, NAMESPACE);
    }
    PaymentService service = new PaymentService(store, hub, options, clock);
    WebhookSignature signature = new WebhookSignature(webhookSecret);
    Webhook webhook = new Webhook(signature, service);
    Pages pages = Pages.load(options.simulatorOn());
    if (options.simulatorExposed()) {
      LOG.warning(
          "PIX bank simulator on at /bank although the server listens beyond loopback: anyone who can"
              + " reach it can mark payments paid; --pix-bank-simulator true is for demos only");
    } else if (options.simulatorOn()) {
      LOG.info("PIX bank simulator on at /bank, for this machine only (loopback host)");
    } else if (options.bankSimulator().equals("auto")) {
      LOG.info(
          "PIX bank simulator off: the server listens beyond loopback; for a demo, --host 127.0.0.1");
    }
    return new PixApp(
        vertx,
        new PixRoutes(service, webhook, pages, options, clock),
        new BankSimulator(options.simulatorOn(), signature, webhook, pages),
        service);
  }

  @Override
  public void install(Router router) {
    routes.install(router);
    bank.install(router);
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
  }
}
