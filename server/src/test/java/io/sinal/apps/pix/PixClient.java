package io.sinal.apps.pix;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.Endpoint;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What the PIX tests send: a shop's backend creating payments, a bank confirming them, a browser
 * reading.
 */
final class PixClient {
  /** The webhook secret the test servers are started with ({@code --pix-webhook-secret}). */
  static final String SECRET = "test-webhook-secret-0123456789abcdef";

  private final Endpoint server;
  private final WebhookSignature signature;

  PixClient(Endpoint server, String secret) {
    this.server = server;
    this.signature = new WebhookSignature(secret);
  }

  PixClient(Endpoint server) {
    this(server, SECRET);
  }

  HttpResponse<String> create(String body) {
    return send(
        post("/payments/pix", body.getBytes(StandardCharsets.UTF_8))
            .header("Content-Type", "application/json"));
  }

  /** A new payment of {@code value} (JSON number text); fails the test unless it is created. */
  JsonObject createPayment(String value) {
    HttpResponse<String> created = create("{\"value\":" + value + "}");
    assertThat(created.statusCode()).as("create answer %s", created.body()).isEqualTo(201);
    return new JsonObject(created.body());
  }

  /** GET with {@code Accept: application/json}. */
  HttpResponse<String> json(String path) {
    return send(HttpRequest.newBuilder(server.uri(path)).header("Accept", "application/json"));
  }

  JsonObject payment(String id) {
    HttpResponse<String> found = json("/payments/pix/" + id);
    assertThat(found.statusCode()).as("payment answer %s", found.body()).isEqualTo(200);
    return new JsonObject(found.body());
  }

  HttpResponse<String> page(String path) {
    return send(
        HttpRequest.newBuilder(server.uri(path))
            .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
  }

  HttpResponse<byte[]> bytes(String path) {
    try {
      return Endpoint.HTTP.send(
          HttpRequest.newBuilder(server.uri(path)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The bank's webhook with {@code body} and the given X-Signature header (none when null). */
  HttpResponse<String> confirm(byte[] body, String signatureHeader) {
    HttpRequest.Builder request =
        post("/payments/pix/confirmation", body).header("Content-Type", "application/json");
    if (signatureHeader != null) {
      request.header(WebhookSignature.HEADER, signatureHeader);
    }
    return send(request);
  }

  /**
   * The webhook as the bank sends it: {@code value} for the payment, signed with this client's
   * secret.
   */
  HttpResponse<String> confirm(JsonObject payment, String value) {
    byte[] body =
        new Confirmation(payment.getString("bank_payment_id"), new BigDecimal(value)).body();
    return confirm(body, sign(body));
  }

  /** The webhook for the payment's own value, signed. */
  HttpResponse<String> confirm(JsonObject payment) {
    return confirm(payment, payment.getValue("value").toString());
  }

  String sign(byte[] body) {
    return signature.sign(body);
  }

  HttpResponse<String> post(String path, String body) {
    return send(
        post(path, body.getBytes(StandardCharsets.UTF_8))
            .header("Content-Type", "application/json"));
  }

  private HttpRequest.Builder post(String path, byte[] body) {
    return HttpRequest.newBuilder(server.uri(path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return Endpoint.HTTP.send(
          request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
