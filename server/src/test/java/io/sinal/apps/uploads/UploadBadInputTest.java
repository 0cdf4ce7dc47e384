package io.sinal.apps.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.apps.uploads.UploadClient.Part;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every bad input gets its own test: each fails only its own file, with a clear reason, or the
 * request as a whole.
 */
class UploadBadInputTest {
  private static final Part GOOD = Part.png("good.png", 40, 30);

  @Test
  void aTextFileNamedJpgFailsAloneOnItsMagicBytesAndIsNotKept() throws IOException {
    try (TestSinal sinal = TestSinal.start()) {
      UploadClient client = new UploadClient(sinal);
      byte[] text =
          "just some text, honestly a photo\n".repeat(50).getBytes(StandardCharsets.UTF_8);
      JsonObject answer =
          client.accepted(List.of(new Part("holiday.jpg", "image/jpeg", text), GOOD));

      JsonObject refused = answer.getJsonArray("files").getJsonObject(0);
      assertThat(refused.getString("state")).isEqualTo("failed");
      assertThat(refused.getString("reason_code")).isEqualTo("not_an_image");
      JsonObject state = client.awaitFinished(answer.getString("batch"));
      JsonObject file = UploadClient.file(state, 1);
      assertThat(UploadClient.stages(file)).containsExactly("failed");
      assertThat(file.getString("reason")).contains("not a JPEG, PNG or GIF");
      assertThat(file.getLong("bytes")).isEqualTo(text.length);
      assertThat(UploadClient.file(state, 2).getString("state")).isEqualTo("done");
      assertThat(Files.exists(batchDir(sinal, answer).resolve("1.upload"))).isFalse();
    }
  }

  @Test
  void aFileOverTheSizeLimitFailsAloneAndTheNextFileStillArrives() {
    try (TestSinal sinal = TestSinal.start("--uploads-max-file-size", "4096")) {
      UploadClient client = new UploadClient(sinal);
      // a PNG by its magic bytes, padded past the limit
      Part big =
          new Part("big.png", "image/png", java.util.Arrays.copyOf(TestImages.png(40, 30), 20_000));
      JsonObject answer = client.accepted(List.of(big, GOOD));

      JsonObject state = client.awaitFinished(answer.getString("batch"));
      JsonObject file = UploadClient.file(state, 1);
      assertThat(file.getString("state")).isEqualTo("failed");
      assertThat(file.getString("reason_code")).isEqualTo("too_large");
      assertThat(file.getString("reason")).contains("4096 bytes");
      assertThat(UploadClient.file(state, 2).getString("state")).isEqualTo("done");
    }
  }

  @Test
  void aPixelBombIsRefusedFromItsHeaderWithoutDecoding() {
    try (TestSinal sinal = TestSinal.start()) {
      UploadClient client = new UploadClient(sinal);
      byte[] bomb = TestImages.pixelBombPng(100_000, 100_000);
      assertThat(bomb.length).isLessThan(200);
      JsonObject answer = client.accepted(List.of(new Part("bomb.png", "image/png", bomb), GOOD));

      JsonObject state = client.awaitFinished(answer.getString("batch"));
      JsonObject file = UploadClient.file(state, 1);
      assertThat(UploadClient.stages(file)).containsExactly("received", "processing", "failed");
      assertThat(file.getString("reason_code")).isEqualTo("too_many_pixels");
      assertThat(file.getString("reason"))
          .contains("100000 × 100000 = 10000000000 pixels")
          .contains("40000000");
      assertThat(UploadClient.file(state, 2).getString("state")).isEqualTo("done");
    }
  }

  @Test
  void aCorruptImageFailsAloneWithTheDecodersReason() {
    try (TestSinal sinal = TestSinal.start()) {
      UploadClient client = new UploadClient(sinal);
      byte[] truncatedJpeg = java.util.Arrays.copyOf(TestImages.jpeg(300, 200), 600);
      JsonObject answer =
          client.accepted(
              List.of(
                  new Part("corrupt.png", "image/png", TestImages.corruptPng(64, 64)),
                  new Part("cut.jpg", "image/jpeg", truncatedJpeg),
                  GOOD));

      JsonObject state = client.awaitFinished(answer.getString("batch"));
      for (int id = 1; id <= 2; id++) {
        JsonObject file = UploadClient.file(state, id);
        assertThat(UploadClient.stages(file))
            .as(file.encode())
            .containsExactly("received", "processing", "failed");
        assertThat(file.getString("reason_code")).isEqualTo("corrupt");
        assertThat(file.getString("reason")).startsWith("the image data is damaged: ");
        assertThat(file.getJsonArray("variants")).isEmpty();
      }
      assertThat(UploadClient.file(state, 3).getString("state")).isEqualTo("done");
    }
  }

  @Test
  void aPathTraversalFileNameIsShownButNeverUsedAsAPath() throws IOException {
    try (TestSinal sinal = TestSinal.start()) {
      UploadClient client = new UploadClient(sinal);
      byte[] png = TestImages.png(30, 30);
      JsonObject answer =
          client.accepted(
              List.of(
                  new Part("../../../../evil.png", "image/png", png),
                  new Part("..\\..\\evil2.png", "image/png", png),
                  new Part("\u202Egnp.exe", "image/png", png),
                  new Part("..", "image/png", png)));

      JsonObject state = client.awaitFinished(answer.getString("batch"));
      assertThat(state.getJsonArray("files").stream().map(f -> ((JsonObject) f).getString("name")))
          .containsExactly("evil.png", "evil2.png", "gnp.exe", "image");
      assertThat(state.getJsonArray("files").stream().map(f -> ((JsonObject) f).getString("state")))
          .containsOnly("done");
      try (Stream<Path> all = Files.walk(sinal.dataDir())) {
        assertThat(all.map(p -> p.getFileName().toString()))
            .noneMatch(name -> name.contains("evil") || name.contains("exe"));
      }
      Path uploads = sinal.dataDir().resolve("uploads");
      for (int up = 1; up <= 4; up++) {
        Path target = uploads.resolve("x/" + "../".repeat(up) + "evil.png").normalize();
        assertThat(target).doesNotExist();
      }
      try (Stream<Path> files = Files.list(batchDir(sinal, answer))) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .allMatch(n -> n.matches("[1-4]-(1280|640|thumb)\\.(jpg|png)"));
      }
    }
  }

  @Test
  void tooManyFilesRefuseTheWholeBatchAndKeepNothing() throws IOException {
    try (TestSinal sinal = TestSinal.start("--uploads-max-files", "2")) {
      UploadClient client = new UploadClient(sinal);
      HttpResponse<String> response = client.upload(List.of(GOOD, GOOD, GOOD));

      assertThat(response.statusCode()).isEqualTo(413);
      JsonObject error = new JsonObject(response.body()).getJsonObject("error");
      assertThat(error.getInteger("code")).isEqualTo(302);
      assertThat(error.getString("message")).contains("at most 2 files").contains("had 3");
      try (Stream<Path> batches = Files.list(sinal.dataDir().resolve("uploads"))) {
        assertThat(batches).isEmpty();
      }
      // the limit is per batch: two files are fine
      assertThat(client.upload(List.of(GOOD, GOOD)).statusCode()).isEqualTo(202);
    }
  }

  @Test
  void aRequestThatIsNotMultipartOrHasNoFileIsABadRequest() {
    try (TestSinal sinal = TestSinal.start()) {
      UploadClient client = new UploadClient(sinal);
      HttpResponse<String> json =
          client.send(
              HttpRequest.newBuilder(sinal.uri("/uploads"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}")));
      assertThat(json.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(json.body()).getJsonObject("error").getInteger("code"))
          .isEqualTo(301);

      HttpResponse<String> empty = client.upload(List.of());
      assertThat(empty.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(empty.body()).getJsonObject("error").getString("message"))
          .contains("no file");
    }
  }

  @Test
  void clientsCannotPublishStagesOnABatchChannelNorMalformedCancels() {
    try (TestSinal sinal = TestSinal.start();
        WsClient ws = WsClient.connect(sinal)) {
      UploadClient client = new UploadClient(sinal);
      JsonObject answer = client.accepted(List.of(GOOD));
      String channel = answer.getString("channel");
      client.awaitFinished(answer.getString("batch"));

      JsonObject forged =
          ws.call(
              "publish",
              "channel",
              channel,
              "type",
              "done",
              "data",
              new JsonObject().put("file", 1).put("seq", 99));
      assertThat(forged.getJsonObject("error").getInteger("code")).isEqualTo(106);
      JsonObject malformed = ws.call("publish", "channel", channel, "type", "cancel", "data", "1");
      assertThat(malformed.getJsonObject("error").getInteger("code")).isEqualTo(101);
      JsonObject finished =
          ws.call(
              "publish",
              "channel",
              channel,
              "type",
              "cancel",
              "data",
              new JsonObject().put("file", 1));
      assertThat(finished.getJsonObject("error").getString("message")).contains("already done");
      assertThat(UploadClient.stages(UploadClient.file(client.batch(answer.getString("batch")), 1)))
          .doesNotContain("cancelled")
          .endsWith("done");
    }
  }

  private static Path batchDir(TestSinal sinal, JsonObject answer) {
    return sinal.dataDir().resolve("uploads").resolve(answer.getString("batch"));
  }
}
