package io.sinal.apps.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sinal.Main;
import io.sinal.apps.uploads.UploadClient.Part;
import io.sinal.testing.RawHttp;
import io.sinal.testing.TestSinal;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Uploads sent to hurt the server: each is refused precisely, and the server keeps serving others.
 */
class UploadHardeningTest {
  private static final Part GOOD = Part.png("good.png", 40, 30);

  @Test
  void twentySmallPngsDeclaringFortyMegapixelsEachAreRefusedBeforeAnyIsDecoded()
      throws IOException {
    try (TestSinal sinal = TestSinal.start()) {
      UploadClient client = new UploadClient(sinal);
      // 6300 × 6300 = 39.69 megapixels, just under --uploads-max-pixels, in about 40 KB
      byte[] dense = TestImages.densePng(6300, 6300);
      assertThat(dense.length).isLessThan(100_000);
      long start = System.nanoTime();
      HttpResponse<String> response =
          client.upload(Collections.nCopies(20, new Part("dense.png", "image/png", dense)));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
      JsonObject error = new JsonObject(response.body()).getJsonObject("error");
      assertThat(error.getInteger("code")).isEqualTo(306);
      assertThat(error.getString("message"))
          .contains("declare 793800000 pixels")
          .contains("at most 250000000 per batch");
      // decoding them would take tens of seconds of CPU; reading their headers takes milliseconds
      assertThat(took).isLessThan(Duration.ofSeconds(5));
      try (Stream<Path> batches = Files.list(sinal.dataDir().resolve("uploads"))) {
        assertThat(batches).isEmpty();
      }
      assertThat(sinal.get("/health/live").statusCode()).isEqualTo(200);
      JsonObject normal = client.accepted(List.of(GOOD, Part.jpeg("b.jpg", 64, 48), GOOD));
      assertThat(client.awaitFinished(normal.getString("batch")).getJsonArray("files"))
          .allMatch(f -> ((JsonObject) f).getString("state").equals("done"));
    }
  }

  @Test
  void oneClientCannotQueueMoreThanItsShareWhileOthersStillUpload() throws InterruptedException {
    // each small image counts as the floor, one megapixel: a batch may hold 3, a client 4, the
    // server 5
    try (TestSinal sinal =
            TestSinal.start(
                "--uploads-workers",
                "1",
                "--uploads-batch-pixels",
                "3000000",
                "--uploads-client-pixels",
                "4000000",
                "--uploads-queue-pixels",
                "5000000");
        HeldStep held = HeldStep.install(sinal, 1, "decode")) {
      UploadClient client = new UploadClient(sinal);
      String first = client.accepted(List.of(GOOD, GOOD, GOOD)).getString("batch");
      held.awaitReached(); // the only worker is busy: everything else waits

      assertThat(client.upload(List.of(GOOD, GOOD, GOOD, GOOD)).statusCode()).isEqualTo(413);
      HttpResponse<String> mine = client.upload(List.of(GOOD, GOOD));
      assertThat(mine.statusCode()).as(mine.body()).isEqualTo(429);
      JsonObject error = new JsonObject(mine.body()).getJsonObject("error");
      assertThat(error.getInteger("code")).isEqualTo(307);
      assertThat(error.getString("message"))
          .contains("your earlier uploads still have 3000000 pixels");

      RawHttp.Response other = client.uploadFrom("127.0.0.2", List.of(GOOD));
      assertThat(other.status()).as(other.body()).isEqualTo(202);
      RawHttp.Response full = client.uploadFrom("127.0.0.2", List.of(GOOD, GOOD));
      assertThat(full.status()).isEqualTo(429);
      assertThat(full.json().getJsonObject("error").getString("message"))
          .contains("the server has 4000000 pixels");
      assertThat(sinal.get("/health/live").statusCode()).isEqualTo(200);

      // a cancelled file that was waiting gives its work back at once
      assertThat(client.cancel(first, 3).statusCode()).isEqualTo(200);
      String second = client.accepted(List.of(GOOD, GOOD)).getString("batch");

      held.release();
      for (String batch : List.of(first, second, other.json().getString("batch"))) {
        client.awaitFinished(batch);
      }
      client.awaitFinished(client.accepted(List.of(GOOD, GOOD, GOOD)).getString("batch"));
    }
  }

  @Test
  void workBoundsThatCannotAdmitTheOneBeforeThemAreRefusedAtStart() {
    assertThatThrownBy(() -> Main.parse("--uploads-client-pixels", "1000000"))
        .hasMessageContaining("--uploads-client-pixels")
        .hasMessageContaining("--uploads-batch-pixels (250000000)")
        .hasMessageContaining("1000000");
    assertThatThrownBy(() -> Main.parse("--uploads-batch-pixels", "5"))
        .hasMessageContaining("--uploads-batch-pixels must be 1000000")
        .hasMessageContaining("was 5");
  }

  @Test
  void threeHundredEmptyFilePartsAreTooManyFilesNotAServerError() throws IOException {
    try (TestSinal sinal = TestSinal.start()) {
      UploadClient client = new UploadClient(sinal);
      HttpResponse<String> response =
          client.upload(Collections.nCopies(300, new Part("e.png", "image/png", new byte[0])));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
      JsonObject error = new JsonObject(response.body()).getJsonObject("error");
      assertThat(error.getInteger("code")).isEqualTo(302);
      assertThat(error.getString("message")).contains("at most 20 files");
      try (Stream<Path> batches = Files.list(sinal.dataDir().resolve("uploads"))) {
        assertThat(batches).isEmpty();
      }
      assertThat(sinal.get("/health/live").statusCode()).isEqualTo(200);
      client.awaitFinished(client.accepted(List.of(GOOD)).getString("batch"));
    }
  }

  @Test
  void anEmptyFileFailsAloneAsEmpty() {
    try (TestSinal sinal = TestSinal.start()) {
      UploadClient client = new UploadClient(sinal);
      JsonObject answer =
          client.accepted(List.of(new Part("e.png", "image/png", new byte[0]), GOOD));

      JsonObject empty = answer.getJsonArray("files").getJsonObject(0);
      assertThat(empty.getString("reason_code")).isEqualTo("not_an_image");
      assertThat(empty.getString("reason")).isEqualTo("the file is empty");
      assertThat(
              UploadClient.file(client.awaitFinished(answer.getString("batch")), 2)
                  .getString("state"))
          .isEqualTo("done");
    }
  }

  @Test
  void aMalformedMultipartBodyIsABadRequest() {
    try (TestSinal sinal = TestSinal.start()) {
      UploadClient client = new UploadClient(sinal);
      byte[] body =
          ("--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.png\"\r\n"
                  + "Content-Type: image/png\r\n\r\nabc\r\n--b\r\nnot a header line\r\n\r\n\r\n--b--\r\n")
              .getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(sinal.uri("/uploads"))
                  .header("Content-Type", "multipart/form-data; boundary=b")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body)));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(new JsonObject(response.body()).getJsonObject("error").getInteger("code"))
          .isEqualTo(301);
      assertThat(sinal.get("/health/live").statusCode()).isEqualTo(200);
    }
  }
}
