package io.sinal.apps.chat;

import static io.sinal.apps.chat.ChatClient.history;
import static io.sinal.apps.chat.ChatClient.join;
import static io.sinal.apps.chat.ChatClient.nextPresence;
import static io.sinal.apps.chat.ChatClient.online;
import static io.sinal.apps.chat.ChatClient.publish;
import static io.sinal.apps.chat.ChatClient.sent;
import static io.sinal.apps.chat.ChatClient.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.sinal.Main;
import io.sinal.apps.chat.ChatClient.Session;
import io.sinal.testing.TestClock;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Chat clients trying to take more than their share, or to pass for someone else: refused, and
 * everyone else still served.
 */
class ChatHardeningTest {
  @Test
  void oneUserMakingThousandsOfLeaseRequestsIsRefusedAloneAndOthersStillJoinAndAreSeen() {
    try (TestSinal sinal = TestSinal.start()) {
      Session flooder = session(sinal, "flood");
      Session watcher = session(sinal, "watcher");
      Session late = session(sinal, "late");
      try (WsClient w = join(sinal, watcher, "flood-0")) {
        List<String> granted = new ArrayList<>();
        int refused = 0;
        String refusal = null;
        for (int i = 0; i < 3000; i++) {
          HttpResponse<String> response = lease(sinal, flooder, "flood-" + i % 50, null);
          if (response.statusCode() == 200) {
            granted.add(new JsonObject(response.body()).getString("client"));
          } else {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
            refused++;
            refusal = new JsonObject(response.body()).getJsonObject("error").getString("message");
          }
        }
        assertThat(granted).hasSize(20).doesNotHaveDuplicates();
        assertThat(refused).isEqualTo(2980);
        assertThat(refusal).contains("you hold 20 presence leases already, at most 20");

        // renewing is not starting another: each of the twenty is still renewable
        for (String client : granted) {
          assertThat(lease(sinal, flooder, roomOf(granted, client), client).statusCode())
              .isEqualTo(200);
        }
        // someone else still gets a lease and is seen, and the flooder joined flood-0 once only
        HttpResponse<String> other = lease(sinal, late, "flood-0", null);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
        assertThat(nextPresence(w, "join", flooder.user()).getString("client"))
            .isEqualTo(granted.get(0));
        JsonObject next = w.next();
        assertThat(next.getString("push")).isEqualTo("join");
        assertThat(next.getString("user"))
            .as("no second join of the flooder")
            .isEqualTo(late.user());
        assertThat(
                online(sinal, "flood-0").getJsonArray("users").stream()
                    .map(u -> ((JsonObject) u).getString("name")))
            .containsExactly("flood", "late", "watcher");
      }
    }
  }

  @Test
  void aUserHoldsAFewLeasesInOneRoomAndTheyShareOnePresenceEntry() {
    try (TestSinal sinal = TestSinal.start()) {
      Session tabs = session(sinal, "tabs");
      Session watcher = session(sinal, "watcher");
      try (WsClient w = join(sinal, watcher, "tabs")) {
        List<String> granted = new ArrayList<>();
        for (int i = 0; i < RoomPresence.LEASES_PER_ROOM; i++) {
          HttpResponse<String> response = lease(sinal, tabs, "tabs", null);
          assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
          granted.add(new JsonObject(response.body()).getString("client"));
        }
        HttpResponse<String> sixth = lease(sinal, tabs, "tabs", null);
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(sixth.body()).contains("presence leases in room tabs already, at most 5");
        String entry = nextPresence(w, "join", tabs.user()).getString("client");
        assertThat(
                online(sinal, "tabs")
                    .getJsonArray("users")
                    .getJsonObject(0)
                    .getJsonArray("clients"))
            .containsExactly(entry);

        // the entry stays while any lease holds it; the last one ends it with one leave
        for (String client : granted) {
          assertThat(
                  sinal
                      .request("DELETE", "/chat/rooms/tabs/presence/" + client, null, tabs.bearer())
                      .statusCode())
              .isEqualTo(204);
        }
        assertThat(nextPresence(w, "leave", tabs.user()).getString("client")).isEqualTo(entry);
        assertThat(lease(sinal, tabs, "tabs", null).statusCode())
            .as("the budget came back")
            .isEqualTo(200);
      }
    }
  }

  /**
   * The room of the i-th lease granted: the first twenty requests went to rooms 0 to 19, one each.
   */
  @Test
  void aNameWithAZeroWidthSpaceIsRefused() {
    try (TestSinal sinal = TestSinal.start()) {
      assertThat(sessionError(sinal, "alice\u200b"))
          .isEqualTo(
              "101: 'name' may not hold control, invisible or text-direction characters, such as U+200B here");
      assertThat(sessionError(sinal, "\u202Eecila")).contains("U+202E");
      assertThat(sessionError(sinal, "al\u2066ice")).contains("U+2066");
      assertThat(sessionError(sinal, "\uFEFFalice")).contains("U+FEFF");
      assertThat(sessionError(sinal, "\u3164"))
          .as("a Hangul filler shows as nothing")
          .contains("U+3164");
      assertThat(sessionError(sinal, "a\u0000b")).contains("U+0000");

      Session spaced = session(sinal, " \u00a0Ana \t  Maria\u3000");
      assertThat(spaced.name()).as("trimmed, inner spaces one").isEqualTo("Ana Maria");
      Session composed = session(sinal, "Zoe\u0308");
      assertThat(composed.name()).as("NFC").isEqualTo("Zo\u00eb");
    }
  }

  @Test
  void twoPeopleCannotBothBeAnaInOneRoom() {
    TestClock clock = new TestClock();
    try (TestSinal sinal = TestSinal.startWithClock(clock)) {
      Session ana = session(sinal, "Ana");
      Session bob = session(sinal, "Bob");
      assertThat(claim(sinal, ana, "plaza").statusCode()).isEqualTo(200);
      try (WsClient first = join(sinal, ana, "plaza");
          WsClient watcher = join(sinal, bob, "plaza")) {
        assertThat(claim(sinal, bob, "plaza").statusCode()).isEqualTo(200);

        for (String alike : List.of("Ana", "ana", "\u0410na", "\uff21\uff2e\uff21", "ANA")) {
          Session other = session(sinal, alike);
          HttpResponse<String> refused = claim(sinal, other, "plaza");
          assertThat(refused.statusCode()).as("%s: %s", alike, refused.body()).isEqualTo(409);
          assertThat(ChatClient.error(new JsonObject(refused.body())))
              .startsWith("113: someone else is already 'Ana' in room plaza");
          // nor by writing, typing or polling: every way into the room asks
          assertThat(ChatClient.send(sinal, other, "plaza", "it's me, Ana").statusCode())
              .isEqualTo(409);
          assertThat(
                  sinal
                      .request("POST", "/chat/rooms/plaza/typing", null, other.bearer())
                      .statusCode())
              .isEqualTo(409);
          assertThat(lease(sinal, other, "plaza", null).statusCode()).isEqualTo(409);
          // a WebSocket subscription cannot be refused, but it cannot speak as Ana either
          try (WsClient impostor = join(sinal, other, "plaza")) {
            assertThat(ChatClient.error(publish(impostor, "plaza", "it's me, Ana")))
                .startsWith("113: ");
          }
        }
        assertThat(
                ChatClient.error(
                    new JsonObject(claim(sinal, session(sinal, "Bοb"), "plaza").body())))
            .as("a Greek omicron")
            .isEqualTo(
                "113: someone else is already 'Bob' in room plaza, and 'Bοb' looks the same: pick another name");

        // the real Ana is unharmed: from another tab too, and everyone hears her
        assertThat(claim(sinal, ana, "plaza").statusCode()).isEqualTo(200);
        JsonObject said = sent(sinal, ana, "plaza", "still me");
        assertThat(watcher.nextMessage().getJsonObject("data")).isEqualTo(said);
      }
      // the name is per room, and free again once its holder has left for a while
      Session later = session(sinal, "ana");
      assertThat(claim(sinal, later, "elsewhere").statusCode()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> online(sinal, "plaza").getJsonArray("users").isEmpty());
      assertThat(claim(sinal, later, "plaza").statusCode()).as("within the grace").isEqualTo(409);
      clock.advance(RoomNames.GRACE);
      assertThat(claim(sinal, later, "plaza").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aUserClaimingRoomAfterRoomLetsGoOfTheOldestSoNoTokenCanFillTheServer() {
    try (TestSinal sinal = TestSinal.start()) {
      Session collector = session(sinal, "Ana");
      for (int i = 0; i <= RoomNames.ROOMS_PER_USER; i++) {
        assertThat(claim(sinal, collector, "room-" + i).statusCode()).isEqualTo(200);
      }
      Session other = session(sinal, "Ana");
      assertThat(claim(sinal, other, "room-1").statusCode())
          .as("still held, in the grace")
          .isEqualTo(409);
      assertThat(claim(sinal, other, "room-0").statusCode())
          .as("let go: the oldest of 51")
          .isEqualTo(200);
      assertThat(claim(sinal, collector, "room-0").statusCode()).isEqualTo(409);
    }
  }

  private static HttpResponse<String> claim(TestSinal sinal, Session who, String room) {
    return sinal.request("POST", "/chat/rooms/" + room + "/name", null, who.bearer());
  }

  private static String sessionError(TestSinal sinal, String name) {
    HttpResponse<String> response =
        sinal.request("POST", "/chat/session", new JsonObject().put("name", name).encode(), null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    return ChatClient.error(new JsonObject(response.body()));
  }

  private static String roomOf(List<String> granted, String client) {
    return "flood-" + granted.indexOf(client) % 50;
  }

  private static HttpResponse<String> lease(
      TestSinal sinal, Session who, String room, String client) {
    return sinal.request(
        "POST",
        "/chat/rooms/" + room + "/presence",
        client == null ? null : new JsonObject().put("client", client).encode(),
        who.bearer());
  }

  @Test
  void messagesOlderThanTheRetentionAreDeletedWhileTheRoomGoesOn() {
    TestClock clock = new TestClock();
    try (TestSinal sinal = TestSinal.startWithClock(clock, "--chat-retention-days", "30")) {
      sent(sinal, session(sinal, "early"), "lobby", "a month ago");
      clock.advance(Duration.ofDays(29));
      // chat tokens last a week: a returning user picks a name again
      Session later = session(sinal, "later");
      sent(sinal, later, "lobby", "a day ago");
      assertThat(history(sinal, "lobby", "").getJsonArray("messages")).hasSize(2);

      clock.advance(Duration.ofDays(1).plusMinutes(1));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> history(sinal, "lobby", "").getJsonArray("messages").size() == 1);
      JsonObject left = history(sinal, "lobby", "");
      assertThat(left.getJsonArray("messages").getJsonObject(0).getString("text"))
          .isEqualTo("a day ago");
      assertThat(left.getBoolean("more")).isFalse();
      try (WsClient reader = WsClient.connect(sinal)) {
        reader.subscribe("chat:lobby", null);
        sent(sinal, later, "lobby", "still here");
        assertThat(reader.nextMessage().getJsonObject("data").getString("text"))
            .isEqualTo("still here");
      }
    }
  }

  @Test
  void theRetentionIsThirtyDaysByDefaultZeroKeepsMessagesAndBadValuesNameTheFlag() {
    assertThat(Main.parse().app(ChatOptions.class).retention()).isEqualTo(Duration.ofDays(30));
    assertThat(Main.parse("--chat-retention-days", "0").app(ChatOptions.class).retention())
        .isZero();
    assertThatThrownBy(() -> Main.parse("--chat-retention-days", "-1"))
        .hasMessageContaining("--chat-retention-days must be 0 to 3650, was -1");
  }
}
