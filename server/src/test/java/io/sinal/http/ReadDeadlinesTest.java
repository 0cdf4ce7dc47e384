package io.sinal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.testing.Endpoint;
import io.sinal.testing.RawHttp;
import io.sinal.testing.SseClient;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow requests (slow loris): a head or a whole-read body that does not arrive in time is answered
 * 408 and its connection closed, while streams and streamed uploads that outlive every timeout keep
 * going.
 */
class ReadDeadlinesTest {
  private static TestSinal sinal;

  @BeforeAll
  static void start() {
    sinal =
        TestSinal.start(
            "--request-head-timeout", "1", "--request-body-timeout", "2", "--idle-timeout", "5");
  }

  @AfterAll
  static void stop() {
    sinal.close();
  }

  private static String host() {
    return "Host: 127.0.0.1:" + sinal.port() + "\r\n";
  }

  /** A subscriber that must keep receiving while a slow client is being cut. */
  private static void assertOthersAreServed(WsClient bystander, int value) {
    assertThat(sinal.get("/health/live").statusCode()).isEqualTo(200);
    sinal.publish("demo:deadlines", String.valueOf(value));
    assertThat(bystander.nextMessage().getInteger("data")).isEqualTo(value);
  }

  private static void assertTimedOut(RawHttp slow, String what) {
    RawHttp.Response answer = slow.read();
    assertThat(answer.status()).isEqualTo(408);
    assertThat(answer.errorCode()).isEqualTo(101);
    assertThat(answer.json().getJsonObject("error").getString("message")).contains(what);
    assertThat(slow.closedByServer()).as("the connection is closed").isTrue();
  }

  @Test
  void halfARequestLineIsCutAfterTheHeadTimeout() {
    try (WsClient bystander = WsClient.connect(sinal);
        RawHttp slow = RawHttp.connect(sinal)) {
      bystander.subscribe("demo:deadlines", null);
      long started = System.nanoTime();
      slow.send("GET /health/li");
      assertOthersAreServed(bystander, 1);
      assertTimedOut(slow, "head");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
      assertOthersAreServed(bystander, 2);
    }
  }

  @Test
  void aHeaderTrickledByteByByteIsCutAtTheHeadTimeout() {
    byte[] head =
        ("GET /health/live HTTP/1.1\r\n" + host() + "X-Slow: " + "a".repeat(200) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    try (WsClient bystander = WsClient.connect(sinal);
        RawHttp slow = RawHttp.connect(sinal)) {
      bystander.subscribe("demo:deadlines", null);
      ScheduledFuture<?> trickle = slow.trickle(head, 1, 50);
      assertOthersAreServed(bystander, 1);
      assertTimedOut(slow, "head");
      trickle.cancel(false);
      assertOthersAreServed(bystander, 2);
    }
  }

  @Test
  void anApiBodyTrickledSlowerThanTheBodyTimeoutIsCut() {
    byte[] body =
        "{\"channel\":\"demo:deadlines\",\"data\":\"never published\"}"
            .getBytes(StandardCharsets.UTF_8);
    try (WsClient bystander = WsClient.connect(sinal);
        RawHttp slow = RawHttp.connect(sinal)) {
      bystander.subscribe("demo:deadlines", null);
      slow.send(
          "POST /api/publish HTTP/1.1\r\n"
              + host()
              + "Authorization: Bearer "
              + sinal.apiKey()
              + "\r\n"
              + "Content-Type: application/json\r\nContent-Length: "
              + body.length
              + "\r\n\r\n");
      ScheduledFuture<?> trickle = slow.trickle(body, 1, 200);
      assertOthersAreServed(bystander, 1);
      assertTimedOut(slow, "body");
      trickle.cancel(false);
      assertOthersAreServed(bystander, 2);
      bystander.assertNothingMore(Duration.ofMillis(300));
    }
  }

  @Test
  void aBodyLeftHangingAfterAnEarlyAnswerOnlyClosesTheConnection() {
    try (RawHttp slow = RawHttp.connect(sinal)) {
      slow.send(
          "POST /api/publish HTTP/1.1\r\n"
              + host()
              + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"chan");
      assertThat(slow.read().status()).as("no API key: answered before the body").isEqualTo(401);
      assertThat(slow.rest())
          .as("no second answer after the body timeout, just the close")
          .isEmpty();
    }
  }

  @Test
  void aKeptAliveConnectionMayWaitLongerThanTheHeadTimeoutBetweenRequests() {
    try (RawHttp client = RawHttp.connect(sinal)) {
      String request = "GET /health/live HTTP/1.1\r\n" + host() + "\r\n";
      assertThat(client.send(request).read().status()).isEqualTo(200);
      await().pollDelay(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> true);
      assertThat(client.send(request).read().status())
          .as("the same connection, past the head timeout")
          .isEqualTo(200);
    }
  }

  @Test
  void aConnectionSilentForTheIdleTimeoutIsClosed() {
    try (RawHttp client = RawHttp.connect(sinal)) {
      assertThat(client.send("GET /health/live HTTP/1.1\r\n" + host() + "\r\n").read().status())
          .isEqualTo(200);
      long started = System.nanoTime();
      assertThat(client.readTimeout(9000).closedByServer()).isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isGreaterThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void streamsIdleLongerThanEveryTimeoutAreNotCut() {
    try (WsClient ws = WsClient.connect(sinal);
        SseClient sse = SseClient.open(sinal, "channel=demo:idle-streams", null)) {
      ws.subscribe("demo:idle-streams", null);
      sse.nextPush("connected");
      String cursor =
          new JsonObject(sinal.get("/poll?wait=0&channel=demo:idle-streams").body())
              .getString("cursor");
      CompletableFuture<HttpResponse<String>> poll =
          Endpoint.HTTP.sendAsync(
              HttpRequest.newBuilder(
                      sinal.uri(
                          "/poll?wait=20&channel=demo:idle-streams&cursor="
                              + URLEncoder.encode(cursor, StandardCharsets.UTF_8)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      // Longer than the idle timeout (5 s), and no heartbeat comes meanwhile (25 s).
      await()
          .during(Duration.ofSeconds(6))
          .atMost(Duration.ofSeconds(8))
          .until(() -> !ws.isClosed() && !poll.isDone());
      sinal.publish("demo:idle-streams", "7");
      assertThat(ws.nextMessage().getInteger("data")).isEqualTo(7);
      assertThat(sse.nextMessage().getInteger("data")).isEqualTo(7);
      HttpResponse<String> answer = poll.orTimeout(5, TimeUnit.SECONDS).join();
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(
              new JsonObject(answer.body())
                  .getJsonArray("messages")
                  .getJsonObject(0)
                  .getInteger("data"))
          .isEqualTo(7);
    }
  }

  @Test
  void aStreamedUploadSlowerThanTheBodyTimeoutStillArrives() throws IOException {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), "png", png);
    String boundary = "slow-upload";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"slow.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(png.toByteArray());
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    byte[] bytes = body.toByteArray();
    try (RawHttp upload = RawHttp.connect(sinal)) {
      upload.send(
          "POST /uploads HTTP/1.1\r\n"
              + host()
              + "Content-Type: multipart/form-data; boundary="
              + boundary
              + "\r\nContent-Length: "
              + bytes.length
              + "\r\n\r\n");
      // About 3.5 s in all, past the 2 s body timeout, with a piece every 100 ms.
      upload.trickle(bytes, bytes.length / 35 + 1, 100);
      RawHttp.Response answer = upload.read();
      assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    }
  }
}
