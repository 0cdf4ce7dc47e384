package io.sinal.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ServerApiTest {
  private static TestSinal sinal;

  @BeforeAll
  static void start() {
    sinal = TestSinal.start();
  }

  @AfterAll
  static void stop() {
    sinal.close();
  }

  @Test
  void publishAnswersThePosition() {
    JsonObject first = sinal.publish("demo:api", "message", "{\"a\":1}");
    JsonObject second = sinal.publish("demo:api", "message", "[1,2]");
    assertThat(first.getString("channel")).isEqualTo("demo:api");
    assertThat(first.getLong("offset")).isEqualTo(1);
    assertThat(second.getLong("offset")).isEqualTo(2);
    assertThat(second.getString("epoch")).isEqualTo(first.getString("epoch"));
  }

  @Test
  void broadcastPublishesToEachChannelAndReportsEachFailure() {
    try (WsClient a = WsClient.connect(sinal);
        WsClient b = WsClient.connect(sinal)) {
      a.subscribe("demo:b1", null);
      b.subscribe("demo:b2", null);
      HttpResponse<String> response =
          sinal.api(
              "POST",
              "/api/broadcast",
              "{\"channels\":[\"demo:b1\",\"bad name\",\"demo:b2\"],\"type\":\"alert\",\"data\":\"fire\"}");
      assertThat(response.statusCode()).isEqualTo(200);
      JsonArray results = new JsonObject(response.body()).getJsonArray("results");
      assertThat(results.getJsonObject(0).getLong("offset")).isEqualTo(1);
      assertThat(results.getJsonObject(1).getJsonObject("error").getInteger("code")).isEqualTo(103);
      assertThat(results.getJsonObject(2).getString("channel")).isEqualTo("demo:b2");
      assertThat(a.nextMessage().getString("type")).isEqualTo("alert");
      assertThat(b.nextMessage().getString("data")).isEqualTo("fire");

      // A bad type fails every channel (a bad name still reports its own error first); nothing goes
      // out.
      JsonArray refused =
          new JsonObject(
                  sinal
                      .api(
                          "POST",
                          "/api/broadcast",
                          "{\"channels\":[\"demo:b1\",\"bad name\"],\"type\":\"no spaces\",\"data\":1}")
                      .body())
              .getJsonArray("results");
      assertThat(refused.getJsonObject(0).getJsonObject("error").getInteger("code")).isEqualTo(101);
      assertThat(refused.getJsonObject(1).getJsonObject("error").getInteger("code")).isEqualTo(103);
      a.assertNothingMore(Duration.ofMillis(300));
    }
  }

  @Test
  void historyPresenceAndInfo() {
    sinal.publish("demo:h", "1");
    sinal.publish("demo:h", "2");
    JsonObject history =
        new JsonObject(sinal.api("GET", "/api/history?channel=demo:h&limit=10", null).body());
    assertThat(history.getLong("offset")).isEqualTo(2);
    assertThat(history.getJsonArray("publications")).hasSize(2);
    try (WsClient client = WsClient.connect(sinal)) {
      client.call("connect", "token", sinal.token("carol"));
      client.subscribe("demo:h", null);
      JsonObject presence =
          new JsonObject(sinal.api("GET", "/api/presence?channel=demo:h", null).body());
      assertThat(presence.getJsonArray("clients").getJsonObject(0).getString("user"))
          .isEqualTo("carol");
      JsonObject info = sinal.info();
      assertThat(info.getJsonObject("connections").getLong("websocket")).isEqualTo(1);
      assertThat(info.getLong("channels")).isGreaterThanOrEqualTo(1);
      assertThat(info.getString("node")).isNotEmpty();
    }
  }
}
