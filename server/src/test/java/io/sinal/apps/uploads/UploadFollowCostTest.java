package io.sinal.apps.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.apps.uploads.UploadClient.Part;
import io.sinal.testing.Endpoint;
import io.sinal.testing.TestSinal;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What following one batch costs on the wire in each mode, measured through a {@link
 * CountingProxy}: requests, TCP connections and bytes each way, from the upload's answer until
 * every file is finished. Writes the table of docs/apps/uploads.md ("What each follow mode costs")
 * to {@code target/upload-follow-costs.md}.
 */
class UploadFollowCostTest {
  @Test
  void measuresRequestsAndBytesOfFollowingOneBatchInEachMode() throws Exception {
    StringBuilder table =
        new StringBuilder()
            .append(
                "| mode | requests | TCP connections | bytes sent | bytes received | events | batch took |\n")
            .append("|---|---|---|---|---|---|---|\n");
    try (TestSinal sinal = TestSinal.start("--uploads-workers", "2");
        CountingProxy proxy = new CountingProxy(sinal.port())) {
      UploadClient client = new UploadClient(sinal);
      List<Part> batch =
          List.of(
              Part.jpeg("a.jpg", 1600, 1200),
              Part.jpeg("b.jpg", 1600, 1200),
              Part.jpeg("c.jpg", 1600, 1200));
      long uploadBytes = UploadClient.multipart("x", batch).length;
      record Run(String name, Follower mode, Duration every) {}
      for (Run run :
          List.of(
              new Run("polling every 2 s", Follower.POLL, Duration.ofSeconds(2)),
              new Run("polling every 0.5 s", Follower.POLL, Duration.ofMillis(500)),
              new Run("SSE", Follower.SSE, null),
              new Run("WebSocket", Follower.WEBSOCKET, null))) {
        JsonObject answer = client.accepted(batch);
        long start = System.nanoTime();
        proxy.takeCounts();
        Follower.Followed followed = run.mode().follow(proxy, answer, run.every());
        long took = (System.nanoTime() - start) / 1_000_000;
        long[] counts = proxy.takeCounts();
        int events = followed.events().values().stream().mapToInt(List::size).sum();
        assertThat(events).isEqualTo(30);
        if (run.mode() != Follower.POLL) {
          assertThat(counts[2]).as("one connection for " + run.name()).isEqualTo(1);
        }
        table
            .append("| ")
            .append(run.name())
            .append(" | ")
            .append(followed.requests())
            .append(" | ")
            .append(counts[2])
            .append(" | ")
            .append(counts[0])
            .append(" | ")
            .append(counts[1])
            .append(" | ")
            .append(events)
            .append(" | ")
            .append(took)
            .append(" ms |\n");
      }
      // The page also reads the batch once when its SSE or WebSocket connection opens.
      JsonObject answer = client.accepted(batch);
      client.awaitFinished(answer.getString("batch"));
      proxy.takeCounts();
      HttpResponse<String> snapshot =
          Endpoint.HTTP.send(
              HttpRequest.newBuilder(proxy.uri("/uploads/" + answer.getString("batch"))).build(),
              HttpResponse.BodyHandlers.ofString());
      long[] read = proxy.takeCounts();
      table
          .append("\nOne batch of three 1600×1200 JPEGs: ")
          .append(uploadBytes)
          .append(" bytes uploaded;")
          .append(" one read of the finished batch (GET /uploads/<batch>): ")
          .append(read[0])
          .append(" bytes sent, ")
          .append(read[1])
          .append(" received (")
          .append(snapshot.body().length())
          .append(" of JSON).\n");
    }
    Path out = Path.of("target", "upload-follow-costs.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, table);
    System.out.println(table);
  }
}
