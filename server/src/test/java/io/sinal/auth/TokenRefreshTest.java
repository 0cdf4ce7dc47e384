package io.sinal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.TestClock;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code refresh} command: a WebSocket hands the server a new token before the old one expires
 * and goes on, same connection, same subscriptions; without one it ends at expiry with 3004 and
 * nothing private reaches it after. The server's clock is a {@link TestClock}.
 */
class TokenRefreshTest {
  private final TestClock clock = new TestClock();

  private TestSinal start() {
    return TestSinal.startWithClock(
        clock, "--heartbeat", "3600", "--namespace", "orders:access=private");
  }

  private static String token(TestSinal sinal, String user, Duration ttl, String... channels) {
    return sinal.sinal().tokens().mint(user, List.of(channels), ttl);
  }

  /** Moves the server's clock to {@code after} past the real now (tokens expire relative to it). */
  private void at(Duration after) {
    clock.advance(Duration.between(clock.instant(), Instant.now().plus(after)));
  }

  @Test
  void aRefreshBeforeExpiryKeepsTheConnectionGoingWithoutAReconnect() {
    try (TestSinal sinal = start();
        WsClient alice = WsClient.connect(sinal)) {
      JsonObject connected =
          alice.call("connect", "token", token(sinal, "alice", Duration.ofSeconds(30), "orders:*"));
      assertThat(connected.getJsonObject("result").getLong("expires")).isNotNull();
      alice.subscribe("user:alice", null);
      alice.subscribe("orders:7", null);

      JsonObject refreshed =
          alice.call("refresh", "token", token(sinal, "alice", Duration.ofMinutes(10), "orders:*"));
      assertThat(refreshed.getJsonObject("result").getLong("expires"))
          .isGreaterThan(Instant.now().plus(Duration.ofMinutes(9)).toEpochMilli());
      at(Duration.ofMinutes(1)); // the first token has expired, the second has not
      sinal.publish("user:alice", "1");
      sinal.publish("orders:7", "2");
      assertThat(alice.nextMessage().getInteger("data")).isEqualTo(1);
      assertThat(alice.nextMessage().getInteger("data")).isEqualTo(2);
      assertThat(alice.isClosed()).isFalse();
      assertThat(sinal.info().getJsonObject("connections").getLong("websocket")).isEqualTo(1);
    }
  }

  @Test
  void withoutARefreshNothingPrivateArrivesAfterExpiryAndTheConnectionEndsWith3004() {
    try (TestSinal sinal = start();
        WsClient alice = WsClient.connect(sinal)) {
      alice.call("connect", "token", token(sinal, "alice", Duration.ofSeconds(30)));
      alice.subscribe("user:alice", null);

      at(Duration.ofSeconds(31));
      sinal.publish("user:alice", "\"after expiry\"");
      JsonObject next = alice.next();
      assertThat(next.getString("push"))
          .as("the first thing after expiry is the goodbye: %s", next)
          .isEqualTo("disconnect");
      assertThat(next.getInteger("code")).isEqualTo(3004);
      assertThat(alice.awaitClosed()).isEqualTo(3004);
    }
  }

  @Test
  void aRefreshForAnotherUserOrWithoutAChannelSubscribedNowIsRefusedAndTheOldTokenStays() {
    try (TestSinal sinal = start();
        WsClient alice = WsClient.connect(sinal)) {
      alice.call("connect", "token", token(sinal, "alice", Duration.ofSeconds(30), "orders:*"));
      alice.subscribe("orders:7", null);

      JsonObject other =
          alice.call(
              "refresh", "token", token(sinal, "mallory", Duration.ofMinutes(10), "orders:*"));
      assertThat(other.getJsonObject("error").getInteger("code")).isEqualTo(106);
      assertThat(other.getJsonObject("error").getString("message")).contains("same user");
      JsonObject narrower =
          alice.call("refresh", "token", token(sinal, "alice", Duration.ofMinutes(10)));
      assertThat(narrower.getJsonObject("error").getInteger("code")).isEqualTo(106);
      JsonObject forged = alice.call("refresh", "token", "not.a.token");
      assertThat(forged.getJsonObject("error").getInteger("code")).isEqualTo(105);

      sinal.publish("orders:7", "1");
      assertThat(alice.nextMessage().getInteger("data")).isEqualTo(1);
      at(Duration.ofSeconds(31)); // the refusals changed nothing: the first token still ends it
      assertThat(alice.nextPush("disconnect").getInteger("code")).isEqualTo(3004);
    }
  }
}
