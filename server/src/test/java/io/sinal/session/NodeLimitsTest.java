package io.sinal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.testing.RawHttp;
import io.sinal.testing.SseClient;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Node-wide bounds: connections ({@code --max-connections}) and subscriptions ({@code
 * --max-node-subscriptions}).
 */
class NodeLimitsTest {
  @Test
  void connectionsPastTheNodeLimitGet503WhileOthersKeepReceiving() {
    try (TestSinal sinal = TestSinal.start("--max-connections", "3", "--namespace", "n");
        WsClient ws = WsClient.connect(sinal);
        SseClient sse = SseClient.open(sinal, "channel=n:a", null)) {
      ws.subscribe("n:a", null);
      try (WsClient third = WsClient.connect(sinal)) {
        await().atMost(Duration.ofSeconds(10)).until(() -> open(sinal) == 3);
        for (String path : new String[] {"/ws", "/sse?channel=n:a", "/poll?wait=0&channel=n:a"}) {
          RawHttp.Response refused =
              RawHttp.get(
                  sinal, "127.0.0.1", path, path.equals("/ws") ? RawHttp.WEBSOCKET_UPGRADE : "");
          assertThat(refused.status()).as("%s answer %s", path, refused.body()).isEqualTo(503);
          assertThat(refused.errorCode()).isEqualTo(110);
          assertThat(refused.json().getJsonObject("error").getString("message"))
              .contains("maximum of 3 connections");
          assertThat(refused.headers()).containsEntry("retry-after", "5");
        }
        // Those already connected are served, and the server API (not a connection) answers.
        sinal.publish("n:a", "1");
        assertThat(ws.nextMessage().getLong("offset")).isEqualTo(1);
        assertThat(sse.nextMessage().getLong("offset")).isEqualTo(1);
        assertThat(third.call("ping").containsKey("result")).isTrue();
        assertThat(sinal.api("GET", "/metrics", null).body())
            .contains("sinal_refusals_total{limit=\"connections\"} 3.0");
      }
      // One left: the next is let in.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> sinal.get("/poll?wait=0&channel=n:a").statusCode() == 200);
    }
  }

  @Test
  void subscriptionsPastTheNodeLimitAreRefusedWhileOthersKeepReceiving() {
    try (TestSinal sinal = TestSinal.start("--max-node-subscriptions", "3", "--namespace", "n");
        WsClient first = WsClient.connect(sinal);
        WsClient second = WsClient.connect(sinal)) {
      first.subscribe("n:a", null);
      first.subscribe("n:b", null);
      second.subscribe("n:a", null);

      JsonObject refused = second.call("subscribe", "channel", "n:c").getJsonObject("error");
      assertThat(refused.getInteger("code")).isEqualTo(108);
      assertThat(refused.getString("message")).contains("maximum of 3 subscriptions");
      HttpResponse<String> poll = sinal.get("/poll?wait=0&channel=n:c");
      assertThat(poll.statusCode()).isEqualTo(429);
      assertThat(new JsonObject(poll.body()).getJsonObject("error").getInteger("code"))
          .isEqualTo(108);
      assertThat(RawHttp.get(sinal, "127.0.0.1", "/sse?channel=n:c", "").status()).isEqualTo(429);

      sinal.publish("n:a", "1");
      assertThat(first.nextMessage().getLong("offset")).isEqualTo(1);
      assertThat(second.nextMessage().getLong("offset")).isEqualTo(1);
      // A subscription let go makes room for another.
      first.call("unsubscribe", "channel", "n:b");
      second.subscribe("n:c", null);
      assertThat(sinal.info().getInteger("subscriptions")).isEqualTo(3);
    }
  }

  private static long open(TestSinal sinal) {
    JsonObject connections = sinal.info().getJsonObject("connections");
    return connections.getLong("websocket")
        + connections.getLong("sse")
        + connections.getLong("poll");
  }
}
