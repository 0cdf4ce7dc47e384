package io.sinal.apps.chat;

import static io.sinal.apps.chat.ChatClient.error;
import static io.sinal.apps.chat.ChatClient.history;
import static io.sinal.apps.chat.ChatClient.join;
import static io.sinal.apps.chat.ChatClient.nextPresence;
import static io.sinal.apps.chat.ChatClient.online;
import static io.sinal.apps.chat.ChatClient.publish;
import static io.sinal.apps.chat.ChatClient.sent;
import static io.sinal.apps.chat.ChatClient.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.apps.chat.ChatClient.Session;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two or more real WebSocket clients in a room of a real server: delivery, history, presence,
 * typing.
 */
class ChatRoomTest {
  private static final Duration QUIET = Duration.ofMillis(500);
  private static TestSinal sinal;

  @BeforeAll
  static void start() {
    sinal = TestSinal.start();
  }

  @AfterAll
  static void stop() {
    sinal.close();
  }

  @Test
  void aMessageOneClientSendsReachesTheOtherExactlyOnceInOrderAndIsStored() {
    Session alice = session(sinal, "alice");
    Session bob = session(sinal, "bob");
    try (WsClient a = join(sinal, alice, "deliver");
        WsClient b = join(sinal, bob, "deliver")) {
      List<String> texts = List.of("first", "second", "third");
      for (String text : texts) {
        JsonObject reply = publish(a, "deliver", text);
        assertThat(reply.containsKey("result")).as("publish reply %s", reply.encode()).isTrue();
      }

      List<JsonObject> received = b.messages(3);
      assertThat(received).extracting(m -> m.getString("channel")).containsOnly("chat:deliver");
      List<JsonObject> data = received.stream().map(m -> m.getJsonObject("data")).toList();
      assertThat(data).extracting(d -> d.getString("text")).containsExactlyElementsOf(texts);
      assertThat(data).extracting(d -> d.getString("user")).containsOnly(alice.user());
      assertThat(data).extracting(d -> d.getString("name")).containsOnly("alice");
      assertThat(data).extracting(d -> d.getLong("id")).isSorted().doesNotHaveDuplicates();
      b.assertNothingMore(QUIET);
      // The sender sees its own messages confirmed by the same stream.
      assertThat(a.messages(3))
          .extracting(m -> m.getJsonObject("data"))
          .containsExactlyElementsOf(data);

      JsonArray stored = history(sinal, "deliver", "").getJsonArray("messages");
      assertThat(stored.size()).isEqualTo(3);
      for (int i = 0; i < 3; i++) {
        assertThat(stored.getJsonObject(i)).isEqualTo(data.get(i));
      }
    }
  }

  @Test
  void aSendRetriedWithTheSameClientIdIsStoredOnceOverHttpAndWebSocket() {
    Session alice = session(sinal, "alice");
    JsonObject body = new JsonObject().put("text", "only once").put("clientId", "k1-retry");
    HttpResponse<String> first =
        sinal.request("POST", "/chat/rooms/retry/messages", body.encode(), alice.bearer());
    // The answer was lost, say: the page sends the same message again.
    HttpResponse<String> again =
        sinal.request("POST", "/chat/rooms/retry/messages", body.encode(), alice.bearer());
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
    JsonObject stored = new JsonObject(first.body()).getJsonObject("message");
    assertThat(new JsonObject(again.body()).getJsonObject("message")).isEqualTo(stored);

    try (WsClient a = join(sinal, alice, "retry")) {
      JsonObject data = new JsonObject().put("text", "over the socket").put("clientId", "k2-retry");
      assertThat(a.call("publish", "channel", "chat:retry", "data", data).containsKey("result"))
          .isTrue();
      assertThat(a.call("publish", "channel", "chat:retry", "data", data).containsKey("result"))
          .isTrue();
      JsonObject live = a.nextMessage().getJsonObject("data");
      assertThat(a.nextMessage().getJsonObject("data"))
          .as("delivered again, with the same id")
          .isEqualTo(live);
      // A new client id is a new message, even with the same text; a bad one is refused.
      assertThat(
              a.call("publish", "channel", "chat:retry", "data", data.copy().put("clientId", "k3"))
                  .containsKey("result"))
          .isTrue();
      assertThat(
              error(
                  a.call(
                      "publish",
                      "channel",
                      "chat:retry",
                      "data",
                      data.copy().put("clientId", "no spaces"))))
          .startsWith("101: clientId must be");
    }
    assertThat(texts(history(sinal, "retry", "")))
        .containsExactly("only once", "over the socket", "over the socket");
  }

  @Test
  void historyPagesBackwardsFromTheNewestMessageByIdOldestFirstInEachPage() {
    Session carol = session(sinal, "carol");
    List<Long> ids =
        IntStream.rangeClosed(1, 5)
            .mapToObj(i -> sent(sinal, carol, "paging", "m" + i).getLong("id"))
            .toList();

    JsonObject newest = history(sinal, "paging", "limit=2");
    assertThat(texts(newest)).containsExactly("m4", "m5");
    assertThat(newest.getBoolean("more")).isTrue();
    JsonObject middle = history(sinal, "paging", "limit=2&before=" + ids.get(3));
    assertThat(texts(middle)).containsExactly("m2", "m3");
    assertThat(middle.getBoolean("more")).isTrue();
    JsonObject oldest = history(sinal, "paging", "limit=2&before=" + ids.get(1));
    assertThat(texts(oldest)).containsExactly("m1");
    assertThat(oldest.getBoolean("more")).isFalse();
    assertThat(texts(history(sinal, "paging", "")))
        .as("default page")
        .containsExactly("m1", "m2", "m3", "m4", "m5");
    assertThat(texts(history(sinal, "paging-elsewhere", ""))).as("another room").isEmpty();

    assertThat(sinal.get("/chat/rooms/paging/messages?limit=0").statusCode()).isEqualTo(400);
    assertThat(sinal.get("/chat/rooms/paging/messages?limit=101").statusCode()).isEqualTo(400);
    assertThat(sinal.get("/chat/rooms/paging/messages?before=abc").body())
        .contains("'before' must be a message id");
  }

  @Test
  void presenceCountsAUserWithTwoConnectionsOnceAndLeavesWhenAClientDropsWithoutClosing() {
    Session dave = session(sinal, "dave");
    Session erin = session(sinal, "erin");
    try (WsClient watcher = join(sinal, erin, "presence")) {
      WsClient tab1 = join(sinal, dave, "presence");
      WsClient tab2 = join(sinal, dave, "presence");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(users(online(sinal, "presence"))).containsExactly("dave:2", "erin:1"));
      JsonObject joined = nextPresence(watcher, "join", dave.user());
      nextPresence(watcher, "join", dave.user());

      // abort: the TCP connection is cut, no close frame is sent
      tab2.close();
      JsonObject left = nextPresence(watcher, "leave", dave.user());
      assertThat(users(online(sinal, "presence"))).containsExactly("dave:1", "erin:1");
      tab1.close();
      assertThat(nextPresence(watcher, "leave", dave.user()).getString("client"))
          .isNotEqualTo(left.getString("client"));
      assertThat(users(online(sinal, "presence"))).containsExactly("erin:1");
      assertThat(joined.getString("channel")).isEqualTo("chat:presence");
    }
  }

  @Test
  void typingReachesOthersAsTheSenderAndIsNeitherStoredNorInTheRoomsLiveHistory() {
    Session frank = session(sinal, "frank");
    Session grace = session(sinal, "grace");
    try (WsClient f = join(sinal, frank, "typing");
        WsClient g = join(sinal, grace, "typing")) {
      JsonObject reply =
          f.call(
              "publish",
              "channel",
              "chat-typing:typing",
              "type",
              "typing",
              "data",
              new JsonObject().put("user", grace.user()).put("name", "grace"));
      assertThat(reply.containsKey("result")).as("typing reply %s", reply.encode()).isTrue();

      JsonObject typing = g.nextMessage();
      assertThat(typing.getString("channel")).isEqualTo("chat-typing:typing");
      assertThat(typing.getString("type")).isEqualTo("typing");
      // what the client claimed is ignored: the token says who types
      assertThat(typing.getJsonObject("data"))
          .isEqualTo(new JsonObject().put("user", frank.user()).put("name", "frank"));

      assertThat(history(sinal, "typing", "").getJsonArray("messages")).isEmpty();
      JsonObject live = g.call("history", "channel", "chat:typing");
      assertThat(live.getJsonObject("result").getJsonArray("publications")).isEmpty();
      assertThat(
              error(
                  f.call(
                      "publish",
                      "channel",
                      "chat-typing:typing",
                      "type",
                      "message",
                      "data",
                      new JsonObject())))
          .startsWith("101: typing channels take type 'typing' only");
      g.assertNothingMore(QUIET);
    }
  }

  /** Users as {@code name:connections}. */
  private static List<String> users(JsonObject online) {
    return online.getJsonArray("users").stream()
        .map(
            u ->
                ((JsonObject) u).getString("name")
                    + ":"
                    + ((JsonObject) u).getJsonArray("clients").size())
        .toList();
  }

  private static List<String> texts(JsonObject page) {
    return page.getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).getString("text"))
        .toList();
  }
}
