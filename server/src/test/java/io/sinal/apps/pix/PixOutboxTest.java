package io.sinal.apps.pix;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.store.TestStore;
import io.sinal.testing.TestClock;
import io.sinal.testing.TestSinal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A status change stored but never announced (the server stopped in between) is announced later.
 */
class PixOutboxTest {
  @TempDir Path dataDir;

  @Test
  void aPaymentStoredAsPaidButNotAnnouncedIsAnnouncedAtTheNextStartAndOnlyThen() throws Exception {
    TestClock clock = new TestClock();
    String id;
    try (TestSinal first =
        TestSinal.startInWithClock(dataDir, clock, "--pix-webhook-secret", PixClient.SECRET)) {
      PixClient pix = new PixClient(first);
      JsonObject created = pix.createPayment("8.00");
      id = created.getString("id");
      assertThat(pix.confirm(created).statusCode()).isEqualTo(200);
    }
    // What a stop between the commit and the publish leaves behind.
    forgetTheAnnouncement(id);
    clock.advance(Duration.ofMinutes(1));
    long restartedAt = clock.millis();

    try (TestSinal second =
        TestSinal.startInWithClock(dataDir, clock, "--pix-webhook-secret", PixClient.SECRET)) {
      Awaitility.await("the paid payment announced again")
          .atMost(Duration.ofSeconds(10))
          .until(() -> announcedSince(second, id, restartedAt) == 1);
      JsonObject last = history(second, id).getJsonObject(history(second, id).size() - 1);
      assertThat(last.getString("type")).isEqualTo("paid");
      assertThat(last.getJsonObject("data").getString("status")).isEqualTo("paid");

      // Marked announced: the next ticks leave it alone.
      Awaitility.await()
          .during(Duration.ofMillis(2500))
          .atMost(Duration.ofSeconds(4))
          .until(() -> announcedSince(second, id, restartedAt) == 1);
    }
  }

  private void forgetTheAnnouncement(String id) throws Exception {
    try (TestStore db = TestStore.h2(dataDir)) {
      TestStore.await(
          db.store()
              .call(h -> h.execute("UPDATE pix_payment SET announced = FALSE WHERE id = ?", id)));
    }
  }

  private static long announcedSince(TestSinal sinal, String id, long since) {
    return history(sinal, id).stream()
        .map(JsonObject.class::cast)
        .filter(p -> p.getLong("ts") >= since)
        .count();
  }

  private static JsonArray history(TestSinal sinal, String id) {
    String channel = URLEncoder.encode("payments:" + id, StandardCharsets.UTF_8);
    return new JsonObject(sinal.api("GET", "/api/history?channel=" + channel, null).body())
        .getJsonArray("publications");
  }
}
