package io.sinal.apps.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.apps.uploads.UploadClient.Part;
import io.sinal.testing.TestSinal;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Uploads sent to hurt the server: each is refused precisely, and the server keeps serving others. */
class UploadHardeningTest {
  private static final Part GOOD = Part.png("good.png", 40, 30);

  @Test
  void threeHundredEmptyFilePartsAreTooManyFilesNotAServerError() throws IOException {
    try (TestSinal sinal = TestSinal.start()) {
      UploadClient client = new UploadClient(sinal);
      HttpResponse<String> response = client.upload(Collections.nCopies(300, new Part("e.png", "image/png", new byte[0])));

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
      JsonObject answer = client.accepted(List.of(new Part("e.png", "image/png", new byte[0]), GOOD));

      JsonObject empty = answer.getJsonArray("files").getJsonObject(0);
      assertThat(empty.getString("reason_code")).isEqualTo("not_an_image");
      assertThat(empty.getString("reason")).isEqualTo("the file is empty");
      assertThat(UploadClient.file(client.awaitFinished(answer.getString("batch")), 2).getString("state")).isEqualTo("done");
    }
  }

  @Test
  void aMalformedMultipartBodyIsABadRequest() {
    try (TestSinal sinal = TestSinal.start()) {
      UploadClient client = new UploadClient(sinal);
      byte[] body = ("--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.png\"\r\n"
          + "Content-Type: image/png\r\n\r\nabc\r\n--b\r\nnot a header line\r\n\r\n\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8);
      HttpResponse<String> response = client.send(HttpRequest.newBuilder(sinal.uri("/uploads"))
          .header("Content-Type", "multipart/form-data; boundary=b").POST(HttpRequest.BodyPublishers.ofByteArray(body)));

      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(new JsonObject(response.body()).getJsonObject("error").getInteger("code")).isEqualTo(301);
      assertThat(sinal.get("/health/live").statusCode()).isEqualTo(200);
    }
  }
}
