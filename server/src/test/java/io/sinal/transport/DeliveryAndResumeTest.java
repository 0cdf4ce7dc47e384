package io.sinal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.Recording;
import io.sinal.testing.TestSinal;
import io.sinal.testing.Transport;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same scenarios over every transport: delivery in order, resume without gap or duplicate,
 * resets.
 */
class DeliveryAndResumeTest {
  private static TestSinal sinal;

  @BeforeAll
  static void start() {
    sinal = TestSinal.start("--namespace", "short:history=3");
  }

  @AfterAll
  static void stop() {
    sinal.close();
  }

  private static List<Object> data(List<JsonObject> messages) {
    return messages.stream().map(m -> m.getValue("data")).toList();
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void deliversEveryMessageInOrderExactlyOnce(Transport transport) {
    String channel = "demo:order-" + transport;
    try (Recording client = transport.subscribe(sinal, channel, null)) {
      for (int i = 1; i <= 20; i++) {
        sinal.publish(channel, String.valueOf(i));
      }
      List<JsonObject> got = client.messages(20);
      assertThat(data(got))
          .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
      assertThat(got)
          .extracting(m -> m.getLong("offset"))
          .containsExactly(
              1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L,
              20L);
      JsonObject first = got.get(0);
      assertThat(first.getString("channel")).isEqualTo(channel);
      assertThat(first.getString("type")).isEqualTo("message");
      assertThat(first.getString("epoch")).isNotEmpty();
      assertThat(first.getLong("ts")).isPositive();
      client.assertNothingMore(Duration.ofMillis(300));
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void resumesFromCursorWithNoGapAndNoDuplicate(Transport transport) {
    String channel = "demo:resume-" + transport;
    String cursor;
    try (Recording first = transport.subscribe(sinal, channel, null)) {
      sinal.publish(channel, "\"a\"");
      sinal.publish(channel, "\"b\"");
      assertThat(data(first.messages(2))).containsExactly("a", "b");
      cursor = first.cursor();
    }
    sinal.publish(channel, "\"c\"");
    sinal.publish(channel, "\"d\"");
    try (Recording second = transport.subscribe(sinal, channel, cursor)) {
      assertThat(data(second.messages(2))).containsExactly("c", "d");
      sinal.publish(channel, "\"e\"");
      assertThat(data(second.messages(1))).containsExactly("e");
      second.assertNothingMore(Duration.ofMillis(300));
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void cursorFromAnotherTransportResumesHere(Transport transport) {
    String channel = "demo:switch-" + transport;
    String cursor;
    try (Recording ws = Transport.WEBSOCKET.subscribe(sinal, channel, null)) {
      sinal.publish(channel, "1");
      ws.messages(1);
      cursor = ws.cursor();
    }
    sinal.publish(channel, "2");
    try (Recording other = transport.subscribe(sinal, channel, cursor)) {
      assertThat(data(other.messages(1))).containsExactly(2);
      other.assertNothingMore(Duration.ofMillis(300));
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void missedMessagesBeyondHistoryGiveAResetNotASilentGap(Transport transport) {
    String channel = "short:gap-" + transport;
    String cursor;
    try (Recording first = transport.subscribe(sinal, channel, null)) {
      sinal.publish(channel, "1");
      first.messages(1);
      cursor = first.cursor();
    }
    for (int i = 2; i <= 6; i++) {
      sinal.publish(
          channel, String.valueOf(i)); // history keeps 3: offsets 4..6, so 2 and 3 are lost
    }
    try (Recording second = transport.subscribe(sinal, channel, cursor)) {
      JsonObject reset = second.nextPush("reset");
      assertThat(reset.getString("channel")).isEqualTo(channel);
      assertThat(reset.getString("reason")).isEqualTo("history_exceeded");
      assertThat(reset.getLong("offset")).isEqualTo(6);
      sinal.publish(channel, "7");
      assertThat(data(second.messages(1))).containsExactly(7);
    }
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void aCursorFromAnEarlierEpochGivesAReset(Transport transport) {
    String channel = "demo:epoch-" + transport;
    JsonObject published = sinal.publish(channel, "1");
    String staleCursor = channel + "~old0epoch~1";
    try (Recording client = transport.subscribe(sinal, channel, staleCursor)) {
      JsonObject reset = client.nextPush("reset");
      assertThat(reset.getString("reason")).isEqualTo("epoch_changed");
      assertThat(reset.getString("epoch")).isEqualTo(published.getString("epoch"));
      assertThat(reset.getLong("offset")).isEqualTo(1);
      sinal.publish(channel, "2");
      assertThat(data(client.messages(1))).containsExactly(2);
    }
  }
}
