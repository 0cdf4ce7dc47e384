package io.sinal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebSocketCommandsTest {
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
  void connectIdentifiesTheClientOnce() {
    try (WsClient client = WsClient.connect(sinal)) {
      JsonObject result =
          client.call("connect", "token", sinal.token("alice")).getJsonObject("result");
      assertThat(result.getString("user")).isEqualTo("alice");
      assertThat(result.getString("client")).isNotEmpty();
      assertThat(result.getString("node")).isEqualTo(sinal.info().getString("node"));
      assertThat(client.call("connect").getJsonObject("error").getInteger("code")).isEqualTo(101);
    }
  }

  @Test
  void publishOverWebSocketReachesOtherSubscribers() {
    try (WsClient sender = WsClient.connect(sinal);
        WsClient receiver = WsClient.connect(sinal)) {
      receiver.subscribe("demo:ws-pub", null);
      JsonObject reply =
          sender.call(
              new JsonObject()
                  .put("cmd", "publish")
                  .put("channel", "demo:ws-pub")
                  .put("type", "chat.message")
                  .put("data", new JsonObject().put("text", "hi")));
      assertThat(reply.getJsonObject("result").getLong("offset")).isEqualTo(1);
      JsonObject got = receiver.nextMessage();
      assertThat(got.getString("type")).isEqualTo("chat.message");
      assertThat(got.getJsonObject("data").getString("text")).isEqualTo("hi");
    }
  }

  @Test
  void unsubscribeStopsDelivery() {
    try (WsClient client = WsClient.connect(sinal)) {
      client.subscribe("demo:unsub", null);
      sinal.publish("demo:unsub", "1");
      assertThat(client.nextMessage().getInteger("data")).isEqualTo(1);
      assertThat(client.call("unsubscribe", "channel", "demo:unsub").containsKey("result"))
          .isTrue();
      sinal.publish("demo:unsub", "2");
      client.assertNothingMore(Duration.ofMillis(300));
    }
  }

  @Test
  void historyReturnsTheNewestInOrder() {
    for (int i = 1; i <= 5; i++) {
      sinal.publish("demo:hist", String.valueOf(i));
    }
    try (WsClient client = WsClient.connect(sinal)) {
      JsonObject result =
          client.call("history", "channel", "demo:hist", "limit", 3).getJsonObject("result");
      assertThat(result.getLong("offset")).isEqualTo(5);
      JsonArray publications = result.getJsonArray("publications");
      assertThat(publications.stream().map(p -> ((JsonObject) p).getInteger("data")))
          .containsExactly(3, 4, 5);
    }
  }

  @Test
  void presenceShowsJoinsAndLeavesIncludingAClientThatDrops() {
    try (WsClient alice = WsClient.connect(sinal)) {
      alice.call("connect", "token", sinal.token("alice"));
      alice.subscribe("demo:room", null);
      WsClient bob = WsClient.connect(sinal);
      bob.call("connect", "token", sinal.token("bob"));
      bob.subscribe("demo:room", null);
      JsonObject join = nextPresence(alice, "join", "bob");
      assertThat(join.getString("channel")).isEqualTo("demo:room");
      JsonArray clients =
          alice
              .call("presence", "channel", "demo:room")
              .getJsonObject("result")
              .getJsonArray("clients");
      assertThat(clients.stream().map(c -> ((JsonObject) c).getString("user")))
          .containsExactlyInAnyOrder("alice", "bob");
      bob.close(); // drops without a close frame
      nextPresence(alice, "leave", "bob");
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(
                          alice
                              .call("presence", "channel", "demo:room")
                              .getJsonObject("result")
                              .getJsonArray("clients")
                              .size())
                      .isEqualTo(1));
    }
  }

  private static JsonObject nextPresence(WsClient client, String push, String user) {
    while (true) {
      JsonObject item = client.next();
      if (push.equals(item.getString("push")) && user.equals(item.getString("user"))) {
        return item;
      }
    }
  }

  @Test
  void presenceIsRefusedWhereTheNamespaceHasNone() {
    sinal.sinal().hub().namespace("nopresence", io.sinal.hub.NamespaceOptions.DEFAULT);
    try (WsClient client = WsClient.connect(sinal)) {
      assertThat(
              client
                  .call("presence", "channel", "nopresence:x")
                  .getJsonObject("error")
                  .getInteger("code"))
          .isEqualTo(111);
    }
  }
}
