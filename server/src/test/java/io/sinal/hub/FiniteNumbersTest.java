package io.sinal.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Publication data with a number no double holds is refused, not stored as the string "Infinity".
 */
class FiniteNumbersTest {
  private static TestSinal sinal;

  @BeforeAll
  static void start() {
    sinal = TestSinal.start();
  }

  @AfterAll
  static void stop() {
    sinal.close();
  }

  private static void assertBadRequest(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(new JsonObject(response.body()).getJsonObject("error").getInteger("code"))
        .isEqualTo(101);
  }

  @Test
  void aNumberTooLargeForADoubleIsRefusedOnPublishBroadcastAndWebSocket() {
    try (WsClient subscriber = WsClient.connect(sinal);
        WsClient publisher = WsClient.connect(sinal)) {
      subscriber.subscribe("demo:infinite", null);
      assertBadRequest(
          sinal.api(
              "POST", "/api/publish", "{\"channel\":\"demo:infinite\",\"data\":1e999999999}"));
      assertBadRequest(
          sinal.api(
              "POST",
              "/api/publish",
              "{\"channel\":\"demo:infinite\",\"data\":{\"a\":[1,-1e999999999]}}"));
      HttpResponse<String> broadcast =
          sinal.api(
              "POST",
              "/api/broadcast",
              "{\"channels\":[\"demo:infinite\",\"demo:other\"],\"data\":[1e999999999]}");
      assertThat(broadcast.statusCode()).isEqualTo(200);
      new JsonObject(broadcast.body())
          .getJsonArray("results")
          .forEach(
              r ->
                  assertThat(((JsonObject) r).getJsonObject("error").getInteger("code"))
                      .isEqualTo(101));
      publisher.sendRaw(
          "{\"id\":7,\"cmd\":\"publish\",\"channel\":\"demo:infinite\",\"data\":{\"x\":1e999999999}}");
      assertThat(publisher.reply(7).getJsonObject("error").getInteger("code")).isEqualTo(101);
      subscriber.assertNothingMore(Duration.ofMillis(300));
      assertThat(publisher.call("ping").containsKey("result"))
          .as("the connection is unharmed")
          .isTrue();
    }
  }

  @Test
  void bigIntegersAndOrdinaryFloatsArriveExactly() {
    String data = "[123456789012345678901234567890,-9223372036854775809,0.1,1.0E308,-2.5E-300]";
    try (WsClient subscriber = WsClient.connect(sinal)) {
      subscriber.subscribe("demo:exact", null);
      sinal.publish("demo:exact", data);
      assertThat(subscriber.nextMessage().getJsonArray("data").encode()).isEqualTo(data);
    }
    assertThat(sinal.api("GET", "/api/history?channel=demo:exact", null).body()).contains(data);
  }
}
