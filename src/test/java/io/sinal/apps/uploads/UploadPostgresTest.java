package io.sinal.apps.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.apps.uploads.UploadClient.Part;
import io.sinal.store.TestStore;
import io.sinal.testing.TestSinal;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same SQL on PostgreSQL: a batch with a done, a failed and a cancelled file, read back from the store. */
class UploadPostgresTest {
  @Test
  void aBatchGoesThroughEveryStateOnPostgres() throws Exception {
    try (TestStore schema = TestStore.postgres();
        TestSinal sinal = TestSinal.start("--db-url", schema.options().url(), "--db-user", schema.options().user(),
            "--uploads-workers", "1");
        HeldStep held = HeldStep.install(sinal, 1, "decode")) {
      UploadClient client = new UploadClient(sinal);
      String batch = client.accepted(List.of(
          Part.png("a.png", 60, 40),
          Part.png("b.png", 60, 40),
          new Part("c.jpg", "image/jpeg", "text".getBytes(StandardCharsets.UTF_8)))).getString("batch");
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
}
