package io.sinal.hub.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.hub.HistoryUsage;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * All in-memory histories share one byte budget ({@code --max-history-bytes}): an anonymous client
 * publishing to ever new {@code demo:} channels cannot fill the heap, the oldest history goes
 * first, live delivery goes on, and a cursor past what was dropped gets a reset.
 */
class HistoryBudgetTest {
  private static final long MB = 1024 * 1024;
  private static final String BLOB = "x".repeat(60_000);

  @Test
  void anonymousPublishesToManyChannelsStayWithinTheHistoryBudget() {
    long budget = 4 * MB;
    try (TestSinal sinal =
            TestSinal.start(
                "--max-history-bytes", String.valueOf(budget), "--client-publish-rate", "100000");
        WsClient watcher = WsClient.connect(sinal);
        WsClient attacker = WsClient.connect(sinal)) {
      watcher.subscribe("demo:watched", null);
      watcher.subscribe("demo:x700", null); // one of the channels the attacker fills
      long heapBefore = usedHeapAfterGc();
      // 1,000 channels of 60 KB each, 60 MB held for an hour before the budget.
      for (int i = 0; i < 1000; i++) {
        assertThat(
                attacker
                    .call("publish", "channel", "demo:x" + i, "data", BLOB)
                    .containsKey("result"))
            .isTrue();
        assertThat(usage(sinal).bytes())
            .as("history bytes after publish %d", i)
            .isLessThanOrEqualTo(budget);
        if (i % 100 == 0) {
          sinal.publish("demo:watched", String.valueOf(i));
        }
      }
      assertThat(usedHeapAfterGc() - heapBefore)
          .as("heap grown by the publications")
          .isLessThan(16 * MB);
      assertThat(usage(sinal).dropped()).isGreaterThan(900);

      // The oldest went, the newest stayed; live delivery did not wait for history.
      assertThat(history(attacker, "demo:x0")).isZero();
      assertThat(history(attacker, "demo:x999")).isEqualTo(1);
      assertThat(watcher.messages(11))
          .extracting(m -> m.getValue("data"))
          .containsExactly(0, 100, 200, 300, 400, 500, 600, BLOB, 700, 800, 900);
      assertThat(sinal.api("GET", "/metrics", null).body()).contains("sinal_history_dropped_total");
    }
  }

  @Test
  void aClientRecoveringPastEvictedHistoryGetsAReset() {
    try (TestSinal sinal =
            TestSinal.start(
                "--max-history-bytes", String.valueOf(MB), "--client-publish-rate", "100000");
        WsClient attacker = WsClient.connect(sinal);
        WsClient live = WsClient.connect(sinal)) {
      live.subscribe("demo:kept", null);
      String cursor;
      try (WsClient reader = WsClient.connect(sinal)) {
        reader.subscribe("demo:kept", null);
        sinal.publish("demo:kept", "1");
        assertThat(reader.nextMessage().getLong("offset")).isEqualTo(1);
        cursor = reader.cursor();
      }
      // Missed while away, and still in history: a recovery now gets them.
      sinal.publish("demo:kept", "2");
      sinal.publish("demo:kept", "3");
      assertThat(poll(sinal, cursor).getJsonArray("messages")).hasSize(2);

      // 2.4 MB through a 1 MiB budget: demo:kept's history is the oldest and goes first.
      for (int i = 0; i < 40; i++) {
        attacker.call("publish", "channel", "demo:flood" + i, "data", BLOB);
      }
      try (WsClient back = WsClient.connect(sinal)) {
        back.subscribe("demo:kept", cursor);
        JsonObject reset = back.nextPush("reset");
        assertThat(reset.getString("reason")).isEqualTo("history_exceeded");
        assertThat(reset.getLong("offset")).isEqualTo(3);
        sinal.publish("demo:kept", "4");
        assertThat(back.nextMessage().getLong("offset")).isEqualTo(4);
      }
      // The same rule on every transport: a poll from that cursor.
      JsonObject polled = poll(sinal, cursor);
      assertThat(polled.getJsonArray("resets"))
          .singleElement()
          .satisfies(
              r -> assertThat(((JsonObject) r).getString("reason")).isEqualTo("history_exceeded"));
      assertThat(polled.getJsonArray("messages")).isEmpty();
      // The subscriber that stayed received everything live, without a gap or a reset.
      assertThat(live.messages(4))
          .extracting(m -> m.getLong("offset"))
          .containsExactly(1L, 2L, 3L, 4L);
    }
  }

  private static int history(WsClient client, String channel) {
    return client
        .call("history", "channel", channel)
        .getJsonObject("result")
        .getJsonArray("publications")
        .size();
  }

  private static JsonObject poll(TestSinal sinal, String cursor) {
    HttpResponse<String> response =
        sinal.get(
            "/poll?wait=0&channel=demo:kept&cursor="
                + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    assertThat(response.statusCode()).as("poll answer %s", response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static HistoryUsage usage(TestSinal sinal) {
    return sinal.sinal().hub().historyUsage();
  }

  private static long usedHeapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
