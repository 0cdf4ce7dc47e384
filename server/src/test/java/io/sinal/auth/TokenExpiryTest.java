package io.sinal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.testing.Endpoint;
import io.sinal.testing.Jwts;
import io.sinal.testing.SseClient;
import io.sinal.testing.TestClock;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A token's {@code exp} holds for the whole connection, on every transport: the server's clock is a
 * {@link TestClock} moved past the expiry, and the node's once-a-second sweep (or the next
 * delivery) ends the connection with 3004.
 */
class TokenExpiryTest {
  private static final Duration TTL = Duration.ofMinutes(1);
  private final TestClock clock = new TestClock();

  /**
   * A server on the test's clock; heartbeats an hour apart, so moving the clock times nobody out.
   */
  private TestSinal start() {
    return TestSinal.startWithClock(clock, "--heartbeat", "3600");
  }

  private static String token(TestSinal sinal, String user) {
    return sinal.sinal().tokens().mint(user, List.of(), TTL);
  }

  /**
   * Moves the server's clock past every token minted so far (they expire TTL after the real now).
   */
  private void expire() {
    clock.advance(Duration.between(clock.instant(), Instant.now()).plus(TTL).plusSeconds(2));
  }

  private static long connections(TestSinal sinal, String transport) {
    return sinal.info().getJsonObject("connections").getLong(transport);
  }

  private static void assertTokenExpired(JsonObject disconnect) {
    assertThat(disconnect.getInteger("code")).isEqualTo(3004);
    assertThat(disconnect.getString("reason")).isEqualTo("token expired");
    assertThat(disconnect.getBoolean("reconnect")).isTrue();
  }

  @Test
  void aWebSocketWhoseTokenExpiresIsDisconnectedWith3004() {
    try (TestSinal sinal = start();
        WsClient alice = WsClient.connect(sinal);
        WsClient anonymous = WsClient.connect(sinal)) {
      alice.call("connect", "token", token(sinal, "alice"));
      alice.subscribe("user:alice", null);
      alice.subscribe("demo:expiry", null);
      anonymous.subscribe("demo:expiry", null);
      sinal.publish("user:alice", "1");
      assertThat(alice.nextMessage().getInteger("data")).isEqualTo(1);

      expire();
      assertTokenExpired(alice.nextPush("disconnect"));
      assertThat(alice.awaitClosed()).isEqualTo(3004);
      assertThat(alice.closeReason()).isEqualTo("token expired");
      await().atMost(Duration.ofSeconds(5)).until(() -> connections(sinal, "websocket") == 1);
      sinal.publish("demo:expiry", "2");
      assertThat(anonymous.nextMessage().getInteger("data")).isEqualTo(2);
    }
  }

  @Test
  void aWebSocketWithItsTokenInTheUrlIsDisconnectedAtExpiryToo() {
    try (TestSinal sinal = start();
        WsClient alice = WsClient.connect(sinal, "/ws?token=" + token(sinal, "alice"), true)) {
      alice.subscribe("demo:expiry-url", null);
      expire();
      assertTokenExpired(alice.nextPush("disconnect"));
      assertThat(alice.awaitClosed()).isEqualTo(3004);
    }
  }

  @Test
  void afterExpiryNothingOnTheUserChannelReachesTheConnection() {
    try (TestSinal sinal = start();
        WsClient alice = WsClient.connect(sinal)) {
      alice.call("connect", "token", token(sinal, "alice"));
      alice.subscribe("user:alice", null);
      expire();
      // Most likely before the next sweep: the delivery itself must find the token expired.
      sinal.publish("user:alice", "\"after expiry\"");
      assertTokenExpired(alice.nextPush("disconnect"));
      alice.assertNothingMore(Duration.ofMillis(300));
      assertThat(alice.awaitClosed()).isEqualTo(3004);
    }
  }

  @Test
  void anSseStreamWhoseTokenExpiresGetsTheDisconnectEvent() {
    try (TestSinal sinal = start();
        SseClient alice =
            SseClient.open(
                sinal,
                "channel=user:alice&channel=demo:sse-expiry&token=" + token(sinal, "alice"),
                null);
        SseClient anonymous = SseClient.open(sinal, "channel=demo:sse-expiry", null)) {
      alice.nextPush("connected");
      anonymous.nextPush("connected");
      expire();
      JsonObject bye = alice.nextPush("disconnect");
      assertThat(bye.getString("_event")).isEqualTo("disconnect");
      assertTokenExpired(bye);
      await().atMost(Duration.ofSeconds(5)).until(() -> connections(sinal, "sse") == 1);
      sinal.publish("user:alice", "\"after expiry\"");
      sinal.publish("demo:sse-expiry", "\"still here\"");
      assertThat(anonymous.nextMessage().getString("data")).isEqualTo("still here");
      alice.assertNothingMore(Duration.ofMillis(300));
    }
  }

  private static CompletableFuture<HttpResponse<String>> longPoll(TestSinal sinal, String token) {
    HttpRequest request =
        HttpRequest.newBuilder(sinal.uri("/poll?channel=user:alice&wait=25"))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(40))
            .build();
    return Endpoint.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void assertUnauthorizedTokenExpired(HttpResponse<String> answer) {
    assertThat(answer.statusCode()).isEqualTo(401);
    JsonObject error = new JsonObject(answer.body()).getJsonObject("error");
    assertThat(error.getInteger("code")).isEqualTo(105);
    assertThat(error.getString("message")).isEqualTo("token expired");
  }

  @Test
  void aWaitingLongPollWhoseTokenExpiresIsAnswered401() throws Exception {
    try (TestSinal sinal = start()) {
      CompletableFuture<HttpResponse<String>> poll = longPoll(sinal, token(sinal, "alice"));
      await().atMost(Duration.ofSeconds(5)).until(() -> connections(sinal, "poll") == 1);
      expire();
      assertUnauthorizedTokenExpired(poll.get(5, TimeUnit.SECONDS));
      assertThat(connections(sinal, "poll")).isZero();
    }
  }

  @Test
  void aLongPollWaitingOnItsOwnSocketIsAnswered401AtExpiryToo() throws Exception {
    try (TestSinal sinal = start()) {
      CompletableFuture<HttpResponse<String>> poll = longPoll(sinal, token(sinal, "alice"));
      // Past two seconds a waiting poll leaves Vert.x, and answers from its own socket.
      await()
          .during(Duration.ofMillis(2500))
          .atMost(Duration.ofSeconds(4))
          .until(() -> !poll.isDone());
      expire();
      HttpResponse<String> answer = poll.get(5, TimeUnit.SECONDS);
      assertUnauthorizedTokenExpired(answer);
      assertThat(answer.headers().firstValue("connection")).hasValue("close");
    }
  }

  @Test
  void anAnonymousOrNonExpiringConnectionIsUnaffected() {
    try (TestSinal sinal = start();
        WsClient anonymous = WsClient.connect(sinal);
        WsClient forever = WsClient.connect(sinal);
        SseClient stream = SseClient.open(sinal, "channel=demo:forever", null)) {
      forever.call("connect", "token", Jwts.sign("{\"sub\":\"bob\"}", sinal));
      forever.subscribe("user:bob", null);
      anonymous.subscribe("demo:forever", null);
      stream.nextPush("connected");
      clock.advance(Duration.ofDays(400));
      await()
          .during(Duration.ofMillis(1500))
          .atMost(Duration.ofSeconds(3))
          .until(() -> connections(sinal, "websocket") == 2 && connections(sinal, "sse") == 1);
      sinal.publish("user:bob", "1");
      sinal.publish("demo:forever", "2");
      assertThat(forever.nextMessage().getInteger("data")).isEqualTo(1);
      assertThat(anonymous.nextMessage().getInteger("data")).isEqualTo(2);
      assertThat(stream.nextMessage().getInteger("data")).isEqualTo(2);
    }
  }

  @Test
  void aSignedTokenWhoseTimesAreNotNumbersIsRefusedWithoutAStackTrace() {
    List<LogRecord> traces = new ArrayList<>();
    Handler recorder =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getThrown() != null) {
              synchronized (traces) {
                traces.add(record);
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger root = Logger.getLogger("");
    root.addHandler(recorder);
    try (TestSinal sinal = start()) {
      for (String claims :
          List.of("\"exp\":\"tomorrow\"", "\"nbf\":\"now\"", "\"iat\":{}", "\"exp\":true")) {
        String odd = Jwts.sign("{\"sub\":\"alice\"," + claims + "}", sinal);
        try (WsClient ws = WsClient.connect(sinal)) {
          JsonObject error = ws.call("connect", "token", odd).getJsonObject("error");
          assertThat(error.getInteger("code")).as(claims).isEqualTo(105);
          assertThat(error.getString("message")).as(claims).contains("must be numbers");
          assertThat(ws.call("ping").containsKey("result")).isTrue();
        }
        HttpResponse<String> poll = sinal.get("/poll?wait=0&channel=user:alice&token=" + odd);
        assertThat(poll.statusCode()).as(claims).isEqualTo(401);
        assertThat(new JsonObject(poll.body()).getJsonObject("error").getInteger("code"))
            .isEqualTo(105);
        SseClient sse = SseClient.open(sinal, "channel=user:alice&token=" + odd, null);
        assertThat(sse.status()).as(claims).isEqualTo(401);
        try (WsClient url = WsClient.connect(sinal, "/ws?token=" + odd, true)) {
          assertThat(url.nextPush("disconnect").getInteger("code")).isEqualTo(3500);
        }
      }
    } finally {
      root.removeHandler(recorder);
    }
    synchronized (traces) {
      assertThat(traces)
          .as("log records with a stack trace")
          .extracting(LogRecord::getMessage)
          .isEmpty();
    }
  }
}
