package io.sinal.transport.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.SseClient;
import io.sinal.testing.TestSinal;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SseStreamTest {
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
  void streamOpensWithRetryHintAndConnectedPositions() {
    sinal.publish("demo:sse-open", "1");
    try (SseClient client =
        SseClient.open(sinal, "channel=demo:sse-open&channel=demo:sse-other", null)) {
      JsonObject connected = client.nextPush("connected");
      assertThat(client.retry()).isEqualTo("2000");
      assertThat(connected.getJsonArray("channels")).hasSize(2);
      assertThat(connected.getJsonArray("channels").getJsonObject(0).getLong("offset"))
          .isEqualTo(1);
      assertThat(client.cursor()).startsWith("demo:sse-open~").contains(",demo:sse-other~");
    }
  }

  @Test
  void eventNameIsTheTypeAndIdIsTheCursorAfterIt() {
    try (SseClient client = SseClient.open(sinal, "channel=demo:sse-type", null)) {
      client.nextPush("connected");
      JsonObject published = sinal.publish("demo:sse-type", "order.paid", "{\"id\":7}");
      JsonObject event = client.nextMessage();
      assertThat(event.getString("_event")).isEqualTo("order.paid");
      assertThat(client.cursor()).isEqualTo("demo:sse-type~" + published.getString("epoch") + "~1");
    }
  }

  @Test
  void lastEventIdWinsOverTheCursorParameterAsABrowserReconnectSendsIt() {
    JsonObject first = sinal.publish("demo:sse-leid", "1");
    sinal.publish("demo:sse-leid", "2");
    sinal.publish("demo:sse-leid", "3");
    String epoch = first.getString("epoch");
    String stale = URLEncoder.encode("demo:sse-leid~" + epoch + "~0", StandardCharsets.UTF_8);
    try (SseClient client =
        SseClient.open(
            sinal, "channel=demo:sse-leid&cursor=" + stale, "demo:sse-leid~" + epoch + "~2")) {
      assertThat(client.nextMessage().getInteger("data")).isEqualTo(3);
      client.assertNothingMore(Duration.ofMillis(300));
    }
  }

  @Test
  void idsNeverRunAheadOfWhatWasDeliveredWhenRecovering() {
    JsonObject first = sinal.publish("demo:sse-ids", "1");
    sinal.publish("demo:sse-ids", "2");
    sinal.publish("demo:sse-ids", "3");
    String epoch = first.getString("epoch");
    String from = URLEncoder.encode("demo:sse-ids~" + epoch + "~1", StandardCharsets.UTF_8);
    try (SseClient client = SseClient.open(sinal, "channel=demo:sse-ids&cursor=" + from, null)) {
      assertThat(client.nextPush("connected").getString("_id"))
          .isEqualTo("demo:sse-ids~" + epoch + "~1");
      assertThat(client.nextMessage().getString("_id")).isEqualTo("demo:sse-ids~" + epoch + "~2");
      assertThat(client.nextMessage().getString("_id")).isEqualTo("demo:sse-ids~" + epoch + "~3");
    }
  }
}
