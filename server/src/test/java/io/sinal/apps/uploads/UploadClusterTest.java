package io.sinal.apps.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.store.TestDatabases;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes sharing one data directory (as they would share a network directory), on Redis and
 * PostgreSQL: a batch uploaded through node A is followed from node B and its images served by B.
 */
class UploadClusterTest {
  @TempDir Path shared;

  @Test
  void aBatchUploadedOnOneNodeIsFollowedAndServedByAnother() throws Exception {
    String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    try (TestDatabases.Schema db = TestDatabases.postgres()) {
      String[] args = {
        "--redis-url",
        "redis://127.0.0.1:6379",
        "--redis-prefix",
        prefix,
        "--db-url",
        db.options().url(),
        "--db-user",
        db.options().user(),
        "--jwt-secret",
        "upload-cluster-jwt-secret-0123456789abcd"
      };
      Files.createDirectories(shared);
      try (TestSinal a = TestSinal.startIn(shared, args);
          TestSinal b = TestSinal.startIn(shared, args)) {
        JsonObject accepted =
            new UploadClient(a).accepted(List.of(UploadClient.Part.jpeg("one.jpg", 800, 600)));
        String batch = accepted.getString("batch");
        try (WsClient follower = WsClient.connect(b)) {
          follower.subscribe("uploads:" + batch, accepted.getString("cursor"));
          List<String> stages = new ArrayList<>();
          while (stages.isEmpty()
              || !List.of("done", "failed", "cancelled").contains(stages.get(stages.size() - 1))) {
            JsonObject event = follower.nextMessage();
            stages.add(event.getJsonObject("data").getString("stage"));
          }
          assertThat(stages).startsWith("received").endsWith("done");
        }
        JsonObject state = new UploadClient(b).awaitFinished(batch);
        JsonObject file =
            UploadClient.file(
                state, accepted.getJsonArray("files").getJsonObject(0).getInteger("id"));
        assertThat(file.getString("state")).isEqualTo("done");
        String url = file.getJsonArray("variants").getJsonObject(0).getString("url");
        assertThat(new UploadClient(b).bytes(url).statusCode())
            .as("node B serves what node A produced")
            .isEqualTo(200);
      }
    }
  }
}
