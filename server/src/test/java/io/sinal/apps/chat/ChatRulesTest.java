package io.sinal.apps.chat;

import static io.sinal.apps.chat.ChatClient.error;
import static io.sinal.apps.chat.ChatClient.history;
import static io.sinal.apps.chat.ChatClient.join;
import static io.sinal.apps.chat.ChatClient.publish;
import static io.sinal.apps.chat.ChatClient.send;
import static io.sinal.apps.chat.ChatClient.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.apps.chat.ChatClient.Session;
import io.sinal.testing.TestClock;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the chat refuses, over WebSocket and HTTP alike, with the error the client is shown. */
class ChatRulesTest {
  private static final TestClock CLOCK = new TestClock();
  private static TestSinal sinal;

  @BeforeAll
  static void start() {
    sinal = TestSinal.startWithClock(CLOCK, "--chat-rate-limit", "3", "--chat-max-length", "20");
  }

  @AfterAll
  static void stop() {
    sinal.close();
  }

  @Test
  void aUserOverTheRateLimitIsToldToSlowDownUntilTimePassesOverBothPaths() {
    Session heidi = session(sinal, "heidi");
    try (WsClient h = join(sinal, heidi, "rate")) {
      for (int i = 1; i <= 3; i++) {
        assertThat(publish(h, "rate", "burst " + i).containsKey("result")).isTrue();
      }
      assertThat(error(publish(h, "rate", "one too many")))
          .startsWith("108: slow down: at most 3 messages per 10 seconds; try again in 3.");
      HttpResponse<String> overHttp = send(sinal, heidi, "rate", "over http");
      assertThat(overHttp.statusCode()).isEqualTo(429);
      assertThat(error(new JsonObject(overHttp.body()))).startsWith("108: slow down");

      // 3 per 10 s: one message back every 3.3 s
      CLOCK.advance(Duration.ofMillis(3400));
      assertThat(publish(h, "rate", "later").containsKey("result")).isTrue();
      assertThat(error(publish(h, "rate", "too soon again"))).startsWith("108:");
    }
    Session ivan = session(sinal, "ivan");
    assertThat(send(sinal, ivan, "rate", "ivan has his own").statusCode()).isEqualTo(201);
    assertThat(
            history(sinal, "rate", "").getJsonArray("messages").stream()
                .map(m -> ((JsonObject) m).getString("text")))
        .containsExactly("burst 1", "burst 2", "burst 3", "later", "ivan has his own");
  }

  @Test
  void badMessagesAreRefusedWithAClearErrorAndNothingIsStoredOrDelivered() {
    Session judy = session(sinal, "judy");
    try (WsClient j = join(sinal, judy, "rules")) {
      assertThat(error(publish(j, "rules", " \n\t "))).isEqualTo("101: the message is empty");
      assertThat(error(publish(j, "rules", "x".repeat(21))))
          .isEqualTo("107: the message is 21 characters, at most 20 are allowed");
      // characters, not UTF-16 units: 20 emoji are 40 chars in Java and fit
      assertThat(publish(j, "rules", "😀".repeat(20)).containsKey("result")).isTrue();
      assertThat(error(publish(j, "rules", "bell\u0007")))
          .startsWith("101: the message may not hold control characters");
      assertThat(error(j.call("publish", "channel", "chat:rules", "data", "just a string")))
          .isEqualTo("101: a chat message is {\"text\": \"…\"}");
      assertThat(
              error(
                  j.call(
                      "publish",
                      "channel",
                      "chat:rules",
                      "type",
                      "shout",
                      "data",
                      new JsonObject().put("text", "hi"))))
          .startsWith("101: chat rooms take type 'message' only");
      assertThat(
              error(
                  j.call(
                      "publish",
                      "channel",
                      "chat:Rules.Bad",
                      "data",
                      new JsonObject().put("text", "hi"))))
          .startsWith("103: invalid room name 'Rules.Bad'");
      j.nextMessage(); // the emoji
      j.assertNothingMore(Duration.ofMillis(300));
    }
    try (WsClient anonymous = WsClient.connect(sinal)) {
      assertThat(
              error(
                  anonymous.call(
                      "publish",
                      "channel",
                      "chat:rules",
                      "data",
                      new JsonObject().put("text", "hi"))))
          .startsWith("106: pick a name first");
    }
    assertThat(history(sinal, "rules", "").getJsonArray("messages").size()).isEqualTo(1);
  }

  @Test
  void theHttpRoutesRefuseMissingTokensBadBodiesAndBadRoomsWithTheProtocolsErrors() {
    Session ken = session(sinal, "ken");
    HttpResponse<String> noToken = send(sinal, null, "rules-http", "hi");
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(noToken.body()).contains("pick a name with POST /chat/session");
    assertThat(
            sinal
                .request(
                    "POST", "/chat/rooms/rules-http/messages", "{\"text\":\"hi\"}", "Bearer forged")
                .statusCode())
        .isEqualTo(401);
    HttpResponse<String> notJson =
        sinal.request("POST", "/chat/rooms/rules-http/messages", "{text", ken.bearer());
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).contains("the body is not valid JSON");
    HttpResponse<String> notAMessage =
        sinal.request("POST", "/chat/rooms/rules-http/messages", "{\"txt\":\"hi\"}", ken.bearer());
    assertThat(error(new JsonObject(notAMessage.body())))
        .isEqualTo("101: a chat message is {\"text\": \"…\"}");
    HttpResponse<String> badRoom = send(sinal, ken, "No%20Room", "hi");
    assertThat(badRoom.statusCode()).isEqualTo(400);
    assertThat(error(new JsonObject(badRoom.body()))).startsWith("103: invalid room name");
    assertThat(sinal.get("/chat/rooms/UPPER/messages").statusCode()).isEqualTo(400);
    assertThat(history(sinal, "rules-http", "").getJsonArray("messages")).isEmpty();
  }

  @Test
  void namesAreCheckedAndOneAddressMayTakeOnlyTenAMinute() {
    // a fresh server: the other tests took names from this address already
    try (TestSinal fresh = TestSinal.start()) {
      assertThat(sessionError(fresh, "  ")).isEqualTo("101: pick a name: 'name' is empty");
      assertThat(sessionError(fresh, "n".repeat(33)))
          .isEqualTo("101: 'name' is 33 characters, at most 32 are allowed");
      assertThat(sessionError(fresh, "a#b")).isEqualTo("101: 'name' may not hold '#'");
      Session spaced = session(fresh, "  Zoë Ünal ");
      assertThat(spaced.name()).isEqualTo("Zoë Ünal");
      assertThat(spaced.user()).matches("Zoë Ünal#[a-z0-9]{6}");
      assertThat(session(fresh, "Zoë Ünal").user())
          .as("the same name, another person")
          .isNotEqualTo(spaced.user());
      for (int i = 2; i < 10; i++) {
        session(fresh, "user" + i);
      }
      HttpResponse<String> eleventh =
          fresh.request("POST", "/chat/session", "{\"name\":\"one more\"}", null);
      assertThat(eleventh.statusCode()).isEqualTo(429);
      assertThat(eleventh.body()).contains("too many names from your address");
    }
  }

  private static String sessionError(TestSinal server, String name) {
    HttpResponse<String> response =
        server.request("POST", "/chat/session", new JsonObject().put("name", name).encode(), null);
    assertThat(response.statusCode()).isEqualTo(400);
    return error(new JsonObject(response.body()));
  }
}
