package io.sinal.apps.pix;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.RawHttp;
import io.sinal.testing.TestClock;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Payment creation flooded by anonymous clients: each refused precisely, every other client still
 * served.
 */
class PixHardeningTest {
  @Test
  void paymentCreationFasterThanTheRateGets429() {
    TestClock clock = new TestClock();
    try (TestSinal sinal =
            TestSinal.startWithClock(
                clock,
                "--pix-webhook-secret",
                PixClient.SECRET,
                "--pix-create-rate",
                "3",
                "--heartbeat",
                "3600");
        WsClient follower = WsClient.connect(sinal)) {
      PixClient pix = new PixClient(sinal);
      JsonObject first = pix.createPayment("1.00");
      follower.subscribe("payments:" + first.getString("id"), null);
      pix.createPayment("2.00");
      pix.createPayment("3.00");

      HttpResponse<String> flood = pix.create("{\"value\": 4.00}");
      assertThat(flood.statusCode()).as(flood.body()).isEqualTo(429);
      JsonObject error = new JsonObject(flood.body()).getJsonObject("error");
      assertThat(error.getInteger("code")).isEqualTo(PixError.RATE_LIMITED.code());
      assertThat(error.getString("message"))
          .contains("at most 3 a minute")
          .contains("try again in 20 s");
      // one more every 60 s / 3
      assertThat(flood.headers().firstValue("retry-after")).hasValue("20");
      // a client's mistakes are answered as such and cost it nothing
      assertThat(pix.create("{\"value\": -1}").statusCode()).isEqualTo(400);

      RawHttp.Response other = createFrom(sinal, "127.0.0.2", "{\"value\": 5.00}");
      assertThat(other.status()).as(other.body()).isEqualTo(201);
      assertThat(pix.confirm(first).statusCode()).isEqualTo(200);
      assertThat(follower.nextMessage().getString("type")).isEqualTo("paid");
      assertThat(pix.payment(other.json().getString("id")).getString("status"))
          .isEqualTo("pending");

      clock.advance(Duration.ofSeconds(19));
      assertThat(pix.create("{\"value\": 4.00}").statusCode()).isEqualTo(429);
      clock.advance(Duration.ofSeconds(1));
      pix.createPayment("4.00");
    }
  }

  @Test
  void pendingPaymentsPastTheStoreBoundGet503UntilSomeExpire() {
    TestClock clock = new TestClock();
    try (TestSinal sinal =
        TestSinal.startWithClock(
            clock,
            "--pix-webhook-secret",
            PixClient.SECRET,
            "--pix-max-pending",
            "2",
            "--pix-create-rate",
            "100",
            "--heartbeat",
            "3600")) {
      PixClient pix = new PixClient(sinal);
      JsonObject paid = pix.createPayment("1.00");
      pix.createPayment("2.00");

      RawHttp.Response full = createFrom(sinal, "127.0.0.2", "{\"value\": 3.00}");
      assertThat(full.status()).as(full.body()).isEqualTo(503);
      assertThat(full.errorCode()).isEqualTo(PixError.TOO_MANY_PENDING.code());
      assertThat(full.headers().get("retry-after")).isEqualTo("60");
      assertThat(full.json().getJsonObject("error").getString("message"))
          .contains("2 pending payments already");

      // paying one makes room, as does expiry
      assertThat(pix.confirm(paid).statusCode()).isEqualTo(200);
      pix.createPayment("3.00");
      assertThat(pix.create("{\"value\": 4.00}").statusCode()).isEqualTo(503);
      clock.advance(Duration.ofMinutes(31));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> pix.create("{\"value\": 4.00}").statusCode() == 201);
      assertThat(pix.payment(paid.getString("id")).getString("status")).isEqualTo("paid");
    }
  }

  private static RawHttp.Response createFrom(TestSinal sinal, String address, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    try (RawHttp http = RawHttp.connectFrom(sinal, address)) {
      return http.send(
              "POST /payments/pix HTTP/1.1\r\nHost: 127.0.0.1:"
                  + sinal.port()
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\nConnection: close\r\n\r\n")
          .send(body)
          .read();
    }
  }
}
