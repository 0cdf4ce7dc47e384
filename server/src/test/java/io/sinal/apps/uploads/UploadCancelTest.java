package io.sinal.apps.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.apps.uploads.UploadClient.Part;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Cancelling, with the file held between two steps by a {@link HeldStep} (no sleeps): by {@code
 * DELETE} and over WebSocket, while processing and while waiting, and too late.
 */
class UploadCancelTest {
  private static final Part PHOTO = Part.jpeg("photo.jpg", 1600, 1200);

  @Test
  void aCancelWhileProcessingStopsAtTheNextStepAndRemovesThePartialOutputs() throws Exception {
    try (TestSinal sinal = TestSinal.start();
        HeldStep held = HeldStep.install(sinal, 1, "640.jpg")) {
      UploadClient client = new UploadClient(sinal);
      String batch = client.accepted(List.of(PHOTO)).getString("batch");
      held.awaitReached();
      JsonObject midway = UploadClient.file(client.batch(batch), 1);
      assertThat(midway.getString("state")).isEqualTo("processing");
      assertThat(midway.getJsonArray("variants")).hasSize(2);
      assertThat(client.bytes("/uploads/" + batch + "/1/1280.jpg").statusCode()).isEqualTo(200);

      HttpResponse<String> cancel = client.cancel(batch, 1);
      assertThat(cancel.statusCode()).isEqualTo(202);
      assertThat(new JsonObject(cancel.body()).getBoolean("cancel_requested")).isTrue();
      assertThat(client.cancel(batch, 1).statusCode())
          .as("a repeat is accepted too")
          .isEqualTo(202);
      held.release();

      JsonObject file = UploadClient.file(client.awaitFinished(batch), 1);
      assertThat(file.getString("state")).isEqualTo("cancelled");
      // the step under way when the cancel came (640.jpg) is not recorded: the file stopped after
      // it
      assertThat(UploadClient.stages(file))
          .containsExactly(
              "received", "processing", "processing", "variant", "variant", "cancelled");
      assertThat(file.getJsonArray("variants")).isEmpty();
      assertThat(client.bytes("/uploads/" + batch + "/1/1280.jpg").statusCode()).isEqualTo(404);
      assertThat(filesOnDisk(sinal, batch)).isEmpty();
      assertThat(client.cancel(batch, 1).statusCode()).as("once cancelled").isEqualTo(409);
    }
  }

  @Test
  void aCancelPublishedOverWebSocketCancelsAndIsRecordedOnTheChannel() throws Exception {
    try (TestSinal sinal = TestSinal.start();
        HeldStep held = HeldStep.install(sinal, 2, "thumb.jpg");
        WsClient ws = WsClient.connect(sinal)) {
      UploadClient client = new UploadClient(sinal);
      JsonObject answer = client.accepted(List.of(Part.png("keep.png", 50, 50), PHOTO));
      String channel = answer.getString("channel");
      ws.subscribe(channel, answer.getString("cursor"));
      held.awaitReached();

      JsonObject reply =
          ws.call(
              "publish",
              "channel",
              channel,
              "type",
              "cancel",
              "data",
              new JsonObject().put("file", 2));
      assertThat(reply.containsKey("result")).as(reply.encode()).isTrue();
      JsonObject again =
          ws.call(
              "publish",
              "channel",
              channel,
              "type",
              "cancel",
              "data",
              new JsonObject().put("file", 2));
      assertThat(again.getJsonObject("error").getString("message")).contains("already requested");
      held.release();

      List<JsonObject> file2 = new ArrayList<>();
      boolean cancelRecord = false;
      while (file2.isEmpty()
          || !file2.get(file2.size() - 1).getString("type").equals("cancelled")) {
        JsonObject envelope = ws.nextMessage();
        if (envelope.getString("type").equals("cancel")) {
          cancelRecord = true;
          assertThat(envelope.getJsonObject("data").getInteger("file")).isEqualTo(2);
        } else if (envelope.getJsonObject("data").getInteger("file") == 2) {
          file2.add(envelope);
        }
      }
      assertThat(cancelRecord).isTrue();
      assertThat(file2.stream().map(e -> e.getString("type")))
          .containsExactly(
              "received",
              "processing",
              "processing",
              "variant",
              "variant",
              "variant",
              "variant",
              "cancelled");
      JsonObject state = client.awaitFinished(answer.getString("batch"));
      assertThat(UploadClient.file(state, 1).getString("state")).isEqualTo("done");
      assertThat(filesOnDisk(sinal, answer.getString("batch")))
          .noneMatch(name -> name.startsWith("2"));
    }
  }

  @Test
  void aCancelOfAFileWaitingForAWorkerIsImmediate() throws Exception {
    try (TestSinal sinal = TestSinal.start("--uploads-workers", "1");
        HeldStep held = HeldStep.install(sinal, 1, "decode")) {
      UploadClient client = new UploadClient(sinal);
      String batch =
          client
              .accepted(List.of(Part.png("first.png", 40, 40), Part.png("second.png", 40, 40)))
              .getString("batch");
      held.awaitReached();

      HttpResponse<String> cancel = client.cancel(batch, 2);
      assertThat(cancel.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(cancel.body()).getString("state")).isEqualTo("cancelled");
      held.release();

      JsonObject state = client.awaitFinished(batch);
      assertThat(UploadClient.file(state, 1).getString("state")).isEqualTo("done");
      assertThat(UploadClient.stages(UploadClient.file(state, 2)))
          .containsExactly("received", "cancelled");
      assertThat(filesOnDisk(sinal, batch)).noneMatch(name -> name.startsWith("2"));
    }
  }

  private static List<String> filesOnDisk(TestSinal sinal, String batch) throws IOException {
    try (Stream<Path> files = Files.list(sinal.dataDir().resolve("uploads").resolve(batch))) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
