package io.sinal.apps.pix;

import io.sinal.hub.SinalException;
import io.vertx.core.Future;

/**
 * Receives the bank's confirmation: checks the signature over the raw body before reading anything
 * in it, then applies it. The route and the bank simulator both come through here.
 */
final class Webhook {
  private final WebhookSignature signature;
  private final PaymentService service;

  Webhook(WebhookSignature signature, PaymentService service) {
    this.signature = signature;
    this.service = service;
  }

  Future<Payment> receive(byte[] body, String signatureHeader) {
    if (!signature.verify(body, signatureHeader)) {
      return Future.failedFuture(
          new SinalException(
              PixError.BAD_SIGNATURE,
              "missing or wrong "
                  + WebhookSignature.HEADER
                  + " header: expected sha256=<hex HMAC-SHA256 of the body>"));
    }
    try {
      return service.confirm(Confirmation.parse(body));
    } catch (SinalException e) {
      return Future.failedFuture(e);
    }
  }
}
