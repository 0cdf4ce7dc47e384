package io.sinal.apps.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.Endpoint;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** The chat's HTTP routes and its WebSocket use, as a page would call them, for the tests. */
final class ChatClient {
  private ChatClient() {}

  /** A name's token and user id, from POST /chat/session. */
  record Session(String token, String user, String name) {
    String bearer() {
      return "Bearer " + token;
    }
  }

  static Session session(Endpoint sinal, String name) {
    HttpResponse<String> response =
        sinal.request("POST", "/chat/session", new JsonObject().put("name", name).encode(), null);
    assertThat(response.statusCode()).as("session answer %s", response.body()).isEqualTo(201);
    JsonObject body = new JsonObject(response.body());
    return new Session(body.getString("token"), body.getString("user"), body.getString("name"));
  }

  /** POST /chat/rooms/<room>/messages as {@code who} (null: no token). */
  static HttpResponse<String> send(Endpoint sinal, Session who, String room, String text) {
    return sinal.request(
        "POST",
        "/chat/rooms/" + room + "/messages",
        new JsonObject().put("text", text).encode(),
        who == null ? null : who.bearer());
  }

  /** Sends and checks it was accepted; returns the stored message. */
  static JsonObject sent(Endpoint sinal, Session who, String room, String text) {
    HttpResponse<String> response = send(sinal, who, room, text);
    assertThat(response.statusCode()).as("send answer %s", response.body()).isEqualTo(201);
    return new JsonObject(response.body()).getJsonObject("message");
  }

  /** GET /chat/rooms/<room>/messages?<query>, which must answer 200. */
  static JsonObject history(Endpoint sinal, String room, String query) {
    HttpResponse<String> response =
        sinal.get("/chat/rooms/" + room + "/messages" + (query.isEmpty() ? "" : "?" + query));
    assertThat(response.statusCode()).as("history answer %s", response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  static JsonObject online(Endpoint sinal, String room) {
    HttpResponse<String> response = sinal.get("/chat/rooms/" + room + "/presence");
    assertThat(response.statusCode()).as("presence answer %s", response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  /**
   * POST /chat/rooms/<room>/presence as {@code who}: starts a presence lease, or renews {@code
   * client}.
   */
  static HttpResponse<String> lease(Endpoint sinal, Session who, String room, String client) {
    return sinal.request(
        "POST",
        "/chat/rooms/" + room + "/presence",
        client == null ? null : new JsonObject().put("client", client).encode(),
        who.bearer());
  }

  /**
   * A WebSocket connection with {@code who}'s token, subscribed to the room and its typing channel.
   */
  static WsClient join(Endpoint sinal, Session who, String room) {
    WsClient client =
        WsClient.connect(
            sinal, "/ws?token=" + URLEncoder.encode(who.token(), StandardCharsets.UTF_8), true);
    client.subscribe("chat:" + room, null);
    client.subscribe("chat-typing:" + room, null);
    return client;
  }

  /** A {@code publish} of a chat message over the WebSocket; returns the reply. */
  static JsonObject publish(WsClient client, String room, String text) {
    return client.call(
        "publish", "channel", "chat:" + room, "data", new JsonObject().put("text", text));
  }

  /** The error of a reply or an HTTP answer body, as {@code code: message}. */
  static String error(JsonObject replyOrBody) {
    JsonObject error = replyOrBody.getJsonObject("error");
    assertThat(error).as("an error in %s", replyOrBody.encode()).isNotNull();
    return error.getInteger("code") + ": " + error.getString("message");
  }

  /** The next join or leave of {@code user}, skipping those of other users. */
  static JsonObject nextPresence(WsClient client, String push, String user) {
    while (true) {
      JsonObject item = client.next();
      assertThat(item.getString("push"))
          .as("expected presence, got %s", item.encode())
          .isIn("join", "leave");
      if (item.getString("push").equals(push) && item.getString("user").equals(user)) {
        return item;
      }
    }
  }
}
