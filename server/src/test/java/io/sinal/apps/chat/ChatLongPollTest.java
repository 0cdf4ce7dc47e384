package io.sinal.apps.chat;

import static io.sinal.apps.chat.ChatClient.join;
import static io.sinal.apps.chat.ChatClient.nextPresence;
import static io.sinal.apps.chat.ChatClient.online;
import static io.sinal.apps.chat.ChatClient.publish;
import static io.sinal.apps.chat.ChatClient.sent;
import static io.sinal.apps.chat.ChatClient.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.apps.chat.ChatClient.Session;
import io.sinal.testing.PollClient;
import io.sinal.testing.TestClock;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that cannot open a WebSocket: it reads the room by long polling and writes over HTTP, in
 * the same room as a WebSocket client, and is present through a lease it renews.
 */
class ChatLongPollTest {
  private static final TestClock CLOCK = new TestClock();
  private static final Duration QUIET = Duration.ofMillis(500);
  private static TestSinal sinal;

  @BeforeAll
  static void start() {
    sinal = TestSinal.startWithClock(CLOCK);
  }

  @AfterAll
  static void stop() {
    sinal.close();
  }

  @Test
  void aLongPollingClientSendsOverHttpAndReceivesInTheSameRoomAsAWebSocketClient() {
    Session ws = session(sinal, "wendy");
    Session poller = session(sinal, "paul");
    try (WsClient w = join(sinal, ws, "mixed");
        PollClient p =
            PollClient.start(sinal, "channel=chat:mixed&channel=chat-typing:mixed", null, 25)) {
      JsonObject stored = sent(sinal, poller, "mixed", "hello from http");
      assertThat(stored.getString("user")).isEqualTo(poller.user());
      assertThat(w.nextMessage().getJsonObject("data")).isEqualTo(stored);
      assertThat(p.nextMessage().getJsonObject("data"))
          .as("the sender's own poll")
          .isEqualTo(stored);

      assertThat(publish(w, "mixed", "hello from the websocket").containsKey("result")).isTrue();
      JsonObject overPoll = p.nextMessage();
      assertThat(overPoll.getJsonObject("data").getString("text"))
          .isEqualTo("hello from the websocket");
      assertThat(overPoll.getJsonObject("data").getLong("id")).isGreaterThan(stored.getLong("id"));
      w.nextMessage();

      HttpResponse<String> typing =
          sinal.request("POST", "/chat/rooms/mixed/typing", null, poller.bearer());
      assertThat(typing.statusCode()).as(typing.body()).isEqualTo(204);
      JsonObject typed = w.nextMessage();
      assertThat(typed.getString("channel")).isEqualTo("chat-typing:mixed");
      assertThat(typed.getJsonObject("data").getString("name")).isEqualTo("paul");
      assertThat(p.nextMessage().getString("type")).isEqualTo("typing");

      w.assertNothingMore(QUIET);
      p.assertNothingMore(QUIET);
    }
  }

  @Test
  void aPollingClientIsPresentWhileItRenewsItsLeaseAndLeavesWhenItStopsOrEndsIt() {
    Session watcher = session(sinal, "vera");
    Session poller = session(sinal, "quinn");
    try (WsClient v = join(sinal, watcher, "lease")) {
      String client = lease(poller, null);
      JsonObject joined = nextPresence(v, "join", poller.user());
      assertThat(joined.getString("client")).isEqualTo(client);
      assertThat(names(online(sinal, "lease"))).containsExactly("quinn", "vera");

      CLOCK.advance(RoomPresence.LEASE.minusSeconds(5));
      assertThat(lease(poller, client)).as("renewed, same id").isEqualTo(client);
      CLOCK.advance(RoomPresence.LEASE.minusSeconds(5));
      // sweeps run every second: the renewed lease holds through them
      await()
          .during(Duration.ofMillis(1500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> names(online(sinal, "lease")).equals(List.of("quinn", "vera")));

      CLOCK.advance(Duration.ofSeconds(6));
      assertThat(nextPresence(v, "leave", poller.user()).getString("client")).isEqualTo(client);
      assertThat(names(online(sinal, "lease"))).containsExactly("vera");

      String again = lease(poller, client);
      assertThat(again)
          .as("an expired lease is not revived: a new one starts")
          .isNotEqualTo(client);
      nextPresence(v, "join", poller.user());
      HttpResponse<String> stolen =
          sinal.request(
              "POST",
              "/chat/rooms/lease/presence",
              new JsonObject().put("client", again).encode(),
              "Bearer " + watcher.token());
      assertThat(stolen.statusCode()).isEqualTo(403);
      assertThat(
              sinal
                  .request("DELETE", "/chat/rooms/lease/presence/" + again, null, poller.bearer())
                  .statusCode())
          .isEqualTo(204);
      assertThat(nextPresence(v, "leave", poller.user()).getString("client")).isEqualTo(again);
      assertThat(names(online(sinal, "lease"))).containsExactly("vera");
    }
  }

  private static String lease(Session who, String client) {
    HttpResponse<String> response =
        sinal.request(
            "POST",
            "/chat/rooms/lease/presence",
            client == null ? null : new JsonObject().put("client", client).encode(),
            who.bearer());
    assertThat(response.statusCode()).as("lease answer %s", response.body()).isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    assertThat(body.getLong("ttl")).isEqualTo(RoomPresence.LEASE.toSeconds());
    return body.getString("client");
  }

  private static List<String> names(JsonObject online) {
    return online.getJsonArray("users").stream()
        .map(u -> ((JsonObject) u).getString("name"))
        .toList();
  }
}
