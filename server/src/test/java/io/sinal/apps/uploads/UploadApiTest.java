package io.sinal.apps.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.apps.uploads.UploadClient.Part;
import io.sinal.testing.TestSinal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /uploads} to done, through the real server: answers, states, events and the variants
 * themselves.
 */
class UploadApiTest {
  private static final List<String> DONE_STAGES =
      List.of(
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

  @Test
  void aBatchOfThreeImagesIsAcceptedAndEachBecomesSixVariantsOfTheRightSizeAndFormat()
      throws IOException {
    try (TestSinal sinal = TestSinal.start()) {
      UploadClient client = new UploadClient(sinal);
      HttpResponse<String> response =
          client.upload(
              List.of(
                  Part.jpeg("landscape.jpg", 1600, 1200),
                  Part.png("small.png", 300, 200),
                  new Part("tall.gif", "image/gif", TestImages.gif(200, 400))));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      JsonObject answer = new JsonObject(response.body());
      String batch = answer.getString("batch");
      assertThat(batch).matches("[A-Za-z0-9]{22}");
      assertThat(response.headers().firstValue("location")).hasValue("/uploads/" + batch);
      assertThat(answer.getString("channel")).isEqualTo("uploads:" + batch);
      assertThat(answer.getString("cursor")).matches("uploads:" + batch + "~[^~]+~0");
      assertThat(answer.getJsonArray("files").stream().map(f -> ((JsonObject) f).getString("name")))
          .containsExactly("landscape.jpg", "small.png", "tall.gif");
      assertThat(
              answer.getJsonArray("files").stream().map(f -> ((JsonObject) f).getString("state")))
          .containsOnly("received");

      JsonObject state = client.awaitFinished(batch);
      for (int id = 1; id <= 3; id++) {
        JsonObject file = UploadClient.file(state, id);
        assertThat(file.getString("state")).as("file %d: %s", id, file.encode()).isEqualTo("done");
        assertThat(UploadClient.stages(file)).isEqualTo(DONE_STAGES);
        assertThat(
                file.getJsonArray("events").stream().map(e -> ((JsonObject) e).getInteger("seq")))
            .containsExactlyElementsOf(IntStream.rangeClosed(1, 10).boxed().toList());
        List<Integer> percents =
            file.getJsonArray("events").stream()
                .skip(1)
                .map(e -> ((JsonObject) e).getInteger("percent"))
                .toList();
        assertThat(percents).isSorted().startsWith(0).endsWith(100);
      }
      assertVariants(
          client,
          UploadClient.file(state, 1),
          1600,
          1200,
          new int[][] {{1280, 960}, {640, 480}, {160, 160}});
      // never enlarged; the thumbnail is the centre square, at most 160
      assertVariants(
          client,
          UploadClient.file(state, 2),
          300,
          200,
          new int[][] {{300, 200}, {300, 200}, {160, 160}});
      assertVariants(
          client,
          UploadClient.file(state, 3),
          200,
          400,
          new int[][] {{200, 400}, {200, 400}, {160, 160}});

      // Only the outputs stay on disk: the received bytes go once the file is done.
      try (Stream<Path> files = Files.list(sinal.dataDir().resolve("uploads").resolve(batch))) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .hasSize(18)
            .allMatch(name -> name.matches("[123]-(1280|640|thumb)\\.(jpg|png)"));
      }
    }
  }

  private static void assertVariants(
      UploadClient client, JsonObject file, int width, int height, int[][] sizes) {
    assertThat(file.getInteger("width")).isEqualTo(width);
    assertThat(file.getInteger("height")).isEqualTo(height);
    JsonArray variants = file.getJsonArray("variants");
    assertThat(variants.stream().map(v -> ((JsonObject) v).getString("name")))
        .containsExactly("1280.jpg", "1280.png", "640.jpg", "640.png", "thumb.jpg", "thumb.png");
    for (int i = 0; i < 6; i++) {
      JsonObject v = variants.getJsonObject(i);
      HttpResponse<byte[]> image = client.bytes(v.getString("url"));
      assertThat(image.statusCode()).as(v.getString("url")).isEqualTo(200);
      boolean jpeg = v.getString("name").endsWith(".jpg");
      assertThat(image.headers().firstValue("content-type"))
          .hasValue(jpeg ? "image/jpeg" : "image/png");
      byte[] bytes = image.body();
      assertThat(ImageFormat.sniff(bytes)).isEqualTo(jpeg ? ImageFormat.JPEG : ImageFormat.PNG);
      assertThat(v.getString("format")).isEqualTo(jpeg ? "jpeg" : "png");
      assertThat((long) bytes.length).isEqualTo(v.getLong("bytes"));
      BufferedImage decoded = TestImages.decode(bytes);
      int[] size = sizes[i / 2];
      assertThat(new int[] {decoded.getWidth(), decoded.getHeight()})
          .as(v.getString("name"))
          .containsExactly(size);
      assertThat(new int[] {v.getInteger("width"), v.getInteger("height")}).containsExactly(size);
    }
  }

  @Test
  void unknownBatchesFilesAndVariantsAreNotFound() {
    try (TestSinal sinal = TestSinal.start()) {
      UploadClient client = new UploadClient(sinal);
      String batch = client.accepted(List.of(Part.png("a.png", 20, 20))).getString("batch");
      client.awaitFinished(batch);

      assertThat(
              client
                  .send(
                      java.net.http.HttpRequest.newBuilder(
                          sinal.uri("/uploads/AAAAAAAAAAAAAAAAAAAAAA")))
                  .statusCode())
          .isEqualTo(404);
      HttpResponse<String> noFile = client.cancel(batch, 7);
      assertThat(noFile.statusCode()).isEqualTo(404);
      assertThat(new JsonObject(noFile.body()).getJsonObject("error").getInteger("code"))
          .isEqualTo(304);
      assertThat(client.bytes("/uploads/" + batch + "/7/thumb.jpg").statusCode()).isEqualTo(404);
      assertThat(client.bytes("/uploads/" + batch + "/1/original.jpg").statusCode()).isEqualTo(404);
      assertThat(client.bytes("/uploads/" + batch + "/1/thumb.jpg").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aFileAStoppedServerLeftProcessingIsProcessedAgainAtTheNextStart() throws Exception {
    Path dir = Files.createTempDirectory("sinal-uploads");
    String batch;
    TestSinal first = TestSinal.startIn(dir, "--drain-timeout", "1");
    try (HeldStep held = HeldStep.install(first, 1, "640.jpg")) {
      batch =
          new UploadClient(first)
              .accepted(List.of(Part.jpeg("photo.jpg", 1600, 1200)))
              .getString("batch");
      held.awaitReached();
      first.stop(); // with the file halfway: two variants recorded
    }
    try (TestSinal second = TestSinal.startIn(dir)) {
      JsonObject file = UploadClient.file(new UploadClient(second).awaitFinished(batch), 1);
      assertThat(file.getString("state")).isEqualTo("done");
      assertThat(UploadClient.stages(file))
          .containsExactly(
              "received",
              "processing",
              "processing",
              "variant",
              "variant",
              "processing",
              "processing",
              "variant",
              "variant",
              "variant",
              "variant",
              "variant",
              "variant",
              "done");
      assertThat(file.getJsonArray("variants")).hasSize(6);
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void theBatchStateComesFromTheStoreAndSurvivesARestart() throws Exception {
    Path dir = Files.createTempDirectory("sinal-uploads");
    String batch;
    JsonObject before;
    try (TestSinal sinal = TestSinal.startIn(dir)) {
      UploadClient client = new UploadClient(sinal);
      batch = client.accepted(List.of(Part.png("a.png", 40, 30))).getString("batch");
      before = client.awaitFinished(batch);
    }
    try (TestSinal sinal = TestSinal.startIn(dir)) {
      assertThat(new UploadClient(sinal).batch(batch)).isEqualTo(before);
    } finally {
      deleteTree(dir);
    }
  }
}
