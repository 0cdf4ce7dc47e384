package io.sinal.apps.pix;

import io.sinal.hub.SinalException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigDecimal;
import java.util.Map;

/**
 * A pretend bank, so a person can try the flow without one: the page {@code /bank} takes a PIX code
 * ("copia e cola") and {@code POST /bank/pay} pays it, as a bank app would: it reads the
 * transaction id and amount from the code and sends the shop a confirmation signed with the webhook
 * secret, through the same signature check as the real webhook. Anyone who can reach it can mark
 * payments paid, hence it is on by default only when the server listens on loopback; off, both
 * routes answer 404 saying how to turn it on.
 */
final class BankSimulator {
  private final boolean enabled;
  private final WebhookSignature signature;
  private final Webhook webhook;
  private final Pages pages;

  BankSimulator(boolean enabled, WebhookSignature signature, Webhook webhook, Pages pages) {
    this.enabled = enabled;
    this.signature = signature;
    this.webhook = webhook;
    this.pages = pages;
  }

  static final String OFF =
      "the bank simulator is off on this server: it is on by itself only when the server"
          + " listens on loopback (--host 127.0.0.1); --pix-bank-simulator true turns it on anyway, for a demo";

  void install(Router router) {
    router
        .get("/bank")
        .handler(
            ctx -> {
              if (enabled) {
                pages.send(ctx, 200, Pages.BANK);
              } else {
                PixRoutes.fail(ctx, new SinalException(PixError.SIMULATOR_DISABLED, OFF));
              }
            });
    router
        .post("/bank/pay")
        .handler(BodyHandler.create(false).setBodyLimit(PixRoutes.MAX_BODY))
        .handler(this::pay);
  }

  /**
   * {@code {"payload": "<BR Code>"}} → the shop's answer to the confirmation: the paid payment or
   * an error.
   */
  private void pay(RoutingContext ctx) {
    Confirmation confirmation;
    try {
      if (!enabled) {
        throw new SinalException(PixError.SIMULATOR_DISABLED, OFF);
      }
      confirmation = read(JsonBody.parse(PixRoutes.bytes(ctx)).string("payload", 512, true));
    } catch (SinalException e) {
      PixRoutes.fail(ctx, e);
      return;
    }
    byte[] body = confirmation.body();
    webhook
        .receive(body, signature.sign(body))
        .onSuccess(p -> PixRoutes.json(ctx, 200, p.toJson()))
        .onFailure(e -> PixRoutes.fail(ctx, e));
  }

  /** What a bank app takes from a scanned code: the transaction id and the amount. */
  static Confirmation read(String payload) {
    try {
      Map<String, String> fields = BrCode.parse(payload.trim());
      String amount = fields.get("54");
      String txid = fields.containsKey("62") ? BrCode.fields(fields.get("62")).get("05") : null;
      if (amount == null || txid == null || txid.equals(BrCode.NO_TXID)) {
        throw new SinalException(
            PixError.BAD_REQUEST,
            "this PIX code has no amount or no transaction id: it is not a charge from this shop");
      }
      return new Confirmation(txid, new BigDecimal(amount));
    } catch (NumberFormatException e) {
      throw new SinalException(
          PixError.BAD_REQUEST, "the code's amount (field 54) is not a number");
    } catch (IllegalArgumentException e) {
      throw new SinalException(PixError.BAD_REQUEST, e.getMessage());
    }
  }
}
