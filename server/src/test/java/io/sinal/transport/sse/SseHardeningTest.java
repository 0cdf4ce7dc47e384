package io.sinal.transport.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.sinal.testing.SseClient;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the SSE transport, each through the real server, each checking others are still
 * served.
 */
class SseHardeningTest {
  /**
   * Linux's TCP tables; Java's sockets are IPv6 ones (IPv4 addresses mapped) unless told otherwise.
   */
  private static final List<Path> TCP_TABLES =
      List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

  /**
   * The cursor of issue 12: an epoch holding a whole event, for a channel the request does not
   * subscribe to.
   */
  private static final String INJECTION =
      "demo:o~x%0Aevent:%20paid%0Adata:%20%7B%7D%0A%0Aid:%20y~1";

  private static long sseStreams(TestSinal sinal) {
    return sinal.info().getJsonObject("connections").getLong("sse");
  }

  @Test
  void aCursorCannotInjectAnEventIntoAnSseStream() {
    try (TestSinal sinal = TestSinal.start();
        SseClient healthy = SseClient.open(sinal, "channel=demo:a", null)) {
      healthy.nextPush("connected");
      SseClient attack = SseClient.open(sinal, "channel=demo:a&cursor=" + INJECTION, null);
      assertThat(attack.status()).isEqualTo(400);
      String body = attack.errorBody();
      assertThat(body).doesNotContain("\nevent:");
      assertThat(new JsonObject(body).getJsonObject("error").getInteger("code")).isEqualTo(101);

      HttpResponse<String> poll = sinal.get("/poll?wait=0&channel=demo:a&cursor=" + INJECTION);
      assertThat(poll.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(poll.body()).getJsonObject("error").getInteger("code"))
          .isEqualTo(101);
      try (WsClient ws = WsClient.connect(sinal)) {
        JsonObject reply =
            ws.call(
                "subscribe",
                "channel",
                "demo:a",
                "cursor",
                "demo:o~x\nevent: paid\ndata: {}\n\nid: y~1");
        assertThat(reply.getJsonObject("error").getInteger("code")).isEqualTo(101);
      }

      sinal.publish("demo:a", "\"still here\"");
      JsonObject message = healthy.nextMessage();
      assertThat(message.getString("data")).isEqualTo("still here");
      assertThat(message.getString("_event")).isEqualTo("message");
    }
  }

  /**
   * The TCP state ("01" established) of the server's end of the connection from {@code clientPort};
   * null if gone.
   */
  private static String serverSideState(int serverPort, int clientPort) {
    try {
      String local = String.format(":%04X", serverPort);
      String remote = String.format(":%04X", clientPort);
      for (Path table : TCP_TABLES) {
        for (String line : Files.readAllLines(table)) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 3 && f[1].endsWith(local) && f[2].endsWith(remote)) {
            return f[3];
          }
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aDroppedSseStreamThatIsNotReadIsCutAfterAGracePeriod() throws IOException {
    // Only the kernel can tell that the server still holds a socket it has stopped counting.
    assumeThat(TCP_TABLES.stream().allMatch(Files::isReadable)).as("Linux's TCP table").isTrue();
    try (TestSinal sinal = TestSinal.start("--max-queued-bytes", "65536");
        Socket reader = new Socket()) {
      reader.setReceiveBufferSize(4096);
      reader.connect(new InetSocketAddress("127.0.0.1", sinal.port()), 5000);
      reader
          .getOutputStream()
          .write(
              ("GET /sse?channel=demo:sse-slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      await().atMost(Duration.ofSeconds(5)).until(() -> sseStreams(sinal) == 1);
      try (SseClient healthy = SseClient.open(sinal, "channel=demo:sse-slow", null)) {
        healthy.nextPush("connected");
        String payload = "\"" + "x".repeat(60_000) + "\"";
        // Until the stream that is not read is dropped as a slow consumer; then its goodbye cannot
        // be written.
        for (int i = 0; i < 400 && sseStreams(sinal) == 2; i++) {
          sinal.publish("demo:sse-slow", payload);
          healthy.nextMessage();
        }
        assertThat(sseStreams(sinal)).isEqualTo(1);
        assertThat(serverSideState(sinal.port(), reader.getLocalPort())).isEqualTo("01");
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> !"01".equals(serverSideState(sinal.port(), reader.getLocalPort())));
        sinal.publish("demo:sse-slow", "\"still here\"");
        assertThat(healthy.nextMessage().getString("data")).isEqualTo("still here");
      }
    }
  }
}
