package io.sinal.apps.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.apps.uploads.UploadClient.Part;
import io.sinal.store.TestStore;
import io.sinal.testing.TestClock;
import io.sinal.testing.TestSinal;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The same SQL on PostgreSQL: a batch with a done, a failed and a cancelled file, read back from
 * the store; the retention and orphan sweeps.
 */
class UploadPostgresTest {
  @Test
  void aBatchGoesThroughEveryStateOnPostgres() throws Exception {
    try (TestStore schema = TestStore.postgres();
        TestSinal sinal =
            TestSinal.start(
                "--db-url",
                schema.options().url(),
                "--db-user",
                schema.options().user(),
                "--uploads-workers",
                "1");
        HeldStep held = HeldStep.install(sinal, 1, "decode")) {
      UploadClient client = new UploadClient(sinal);
      String batch =
          client
              .accepted(
                  List.of(
                      Part.png("a.png", 60, 40),
                      Part.png("b.png", 60, 40),
                      new Part("c.jpg", "image/jpeg", "text".getBytes(StandardCharsets.UTF_8))))
              .getString("batch");
      held.awaitReached();
      assertThat(client.cancel(batch, 2).statusCode()).isEqualTo(200);
      held.release();

      JsonObject state = client.awaitFinished(batch);
      assertThat(state.getJsonArray("files").stream().map(f -> ((JsonObject) f).getString("state")))
          .containsExactly("done", "cancelled", "failed");
      assertThat(UploadClient.file(state, 1).getJsonArray("variants")).hasSize(6);
      assertThat(UploadClient.stages(UploadClient.file(state, 1))).hasSize(10).endsWith("done");
      assertThat(client.bytes("/uploads/" + batch + "/1/thumb.png").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void oldBatchesAndOrphansAreDeletedOnPostgres() throws Exception {
    TestClock clock = new TestClock();
    try (TestStore schema = TestStore.postgres();
        TestSinal sinal =
            TestSinal.startPreparedWithClock(
                dataDir -> UploadStorageTest.leaveOrphans(dataDir, clock),
                clock,
                "--db-url",
                schema.options().url(),
                "--db-user",
                schema.options().user(),
                "--uploads-retention-hours",
                "1",
                "--heartbeat",
                "3600")) {
      UploadClient client = new UploadClient(sinal);
      Path uploads = sinal.dataDir().resolve("uploads");
      String old =
          client
              .accepted(List.of(Part.png("a.png", 60, 40), Part.png("b.png", 60, 40)))
              .getString("batch");
      client.awaitFinished(old);
      clock.advance(Duration.ofMinutes(30));
      String recent = client.accepted(List.of(Part.png("c.png", 60, 40))).getString("batch");
      client.awaitFinished(recent);

      clock.advance(Duration.ofMinutes(31));
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  client.batchStatus(old) == 404
                      && !Files.exists(uploads.resolve(UploadStorageTest.CRASHED)));
      assertThat(uploads.resolve(old)).doesNotExist();
      assertThat(uploads.resolve(UploadStorageTest.WRITING)).exists();
      assertThat(client.batchStatus(recent)).isEqualTo(200);
      UploadStorageTest.assertBudgetMatchesTheDisk(sinal);
    }
  }
}
