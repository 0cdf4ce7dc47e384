package io.sinal.apps.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.apps.uploads.UploadClient.Part;
import io.sinal.testing.TestSinal;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each follow mode receives every stage of every file, in order, exactly as the store recorded
 * them.
 */
class UploadFollowModesTest {
  @ParameterizedTest
  @EnumSource(Follower.class)
  void everyFollowModeReceivesTheFullSequenceOfStagesOfEveryFileInOrder(Follower mode)
      throws Exception {
    try (TestSinal sinal = TestSinal.start()) {
      UploadClient client = new UploadClient(sinal);
      JsonObject answer =
          client.accepted(
              List.of(
                  Part.jpeg("one.jpg", 900, 600),
                  new Part(
                      "notes.jpg",
                      "image/jpeg",
                      "not a picture".repeat(10).getBytes(StandardCharsets.UTF_8)),
                  Part.png("three.png", 120, 300)));

      Follower.Followed followed = mode.follow(sinal, answer, Duration.ofMillis(50));

      JsonObject stored = client.batch(answer.getString("batch"));
      for (int id = 1; id <= 3; id++) {
        List<JsonObject> received = followed.events().get(id);
        assertThat(received)
            .as("file %d over %s", id, mode)
            .isEqualTo(
                UploadClient.file(stored, id).getJsonArray("events").stream()
                    .map(JsonObject.class::cast)
                    .toList());
        assertThat(received.stream().map(e -> e.getInteger("seq")))
            .isSorted()
            .doesNotHaveDuplicates()
            .startsWith(1);
      }
      assertThat(followed.events().get(1).stream().map(e -> e.getString("stage")))
          .containsExactly(
              "received",
              "processing",
              "processing",
              "variant",
              "variant",
              "variant",
              "variant",
              "variant",
              "variant",
              "done");
      assertThat(followed.events().get(2).stream().map(e -> e.getString("stage")))
          .containsExactly("failed");
      assertThat(followed.events().get(3).stream().map(e -> e.getString("stage")).toList())
          .endsWith("done")
          .hasSize(10);
    }
  }
}
