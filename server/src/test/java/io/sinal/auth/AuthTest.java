package io.sinal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sinal.testing.Jwts;
import io.sinal.testing.SseClient;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthTest {
  private static TestSinal sinal;

  @BeforeAll
  static void start() {
    sinal =
        TestSinal.start(
            "--namespace", "orders:access=private", "--namespace", "alerts:access=private");
  }

  @AfterAll
  static void stop() {
    sinal.close();
  }

  private static int errorCode(JsonObject reply) {
    assertThat(reply.containsKey("error")).as("expected an error, got %s", reply.encode()).isTrue();
    return reply.getJsonObject("error").getInteger("code");
  }

  @Test
  void privateChannelNeedsATokenThatGrantsIt() {
    try (WsClient anonymous = WsClient.connect(sinal)) {
      assertThat(errorCode(anonymous.call("subscribe", "channel", "orders:42"))).isEqualTo(106);
    }
    try (WsClient granted = WsClient.connect(sinal)) {
      assertThat(
              granted
                  .call("connect", "token", sinal.token("alice", "orders:*"))
                  .getJsonObject("result")
                  .getString("user"))
          .isEqualTo("alice");
      granted.subscribe("orders:42", null);
      assertThat(errorCode(granted.call("subscribe", "channel", "alerts:1"))).isEqualTo(106);
      sinal.publish("orders:42", "\"shipped\"");
      assertThat(granted.nextMessage().getString("data")).isEqualTo("shipped");
    }
  }

  @Test
  void exactGrantCoversOnlyThatChannel() {
    try (WsClient client =
        WsClient.connect(sinal, "/ws?token=" + sinal.token("bob", "orders:7"), true)) {
      client.subscribe("orders:7", null);
      assertThat(errorCode(client.call("subscribe", "channel", "orders:8"))).isEqualTo(106);
    }
  }

  @Test
  void userChannelIsReadableOnlyByItsUser() {
    try (WsClient alice = WsClient.connect(sinal);
        WsClient bob = WsClient.connect(sinal);
        WsClient nobody = WsClient.connect(sinal)) {
      alice.call("connect", "token", sinal.token("alice"));
      bob.call("connect", "token", sinal.token("bob"));
      alice.subscribe("user:alice", null);
      assertThat(errorCode(bob.call("subscribe", "channel", "user:alice"))).isEqualTo(106);
      assertThat(errorCode(nobody.call("subscribe", "channel", "user:alice"))).isEqualTo(106);
    }
    assertThat(
            SseClient.open(sinal, "channel=user:alice&token=" + sinal.token("alice"), null)
                .status())
        .isEqualTo(200);
    assertThat(
            sinal.get("/poll?wait=0&channel=user:alice&token=" + sinal.token("bob")).statusCode())
        .isEqualTo(403);
  }

  @Test
  void expiredTokenIsRefused() {
    long past = System.currentTimeMillis() / 1000 - 60;
    String expired =
        Jwts.sign("{\"sub\":\"alice\",\"exp\":" + past + ",\"channels\":[\"orders:*\"]}", sinal);
    try (WsClient client = WsClient.connect(sinal)) {
      assertThat(errorCode(client.call("connect", "token", expired))).isEqualTo(105);
    }
    assertThat(sinal.get("/poll?wait=0&channel=orders:1&token=" + expired).statusCode())
        .isEqualTo(401);
    assertThat(SseClient.open(sinal, "channel=orders:1&token=" + expired, null).status())
        .isEqualTo(401);
  }

  @Test
  void forgedTokenIsRefusedEverywhere() {
    String forged =
        Jwts.sign(
            "{\"sub\":\"alice\",\"channels\":[\"orders:*\"]}",
            "not-the-server-secret-at-all-0123456789");
    try (WsClient client = WsClient.connect(sinal)) {
      assertThat(errorCode(client.call("connect", "token", forged))).isEqualTo(105);
      assertThat(errorCode(client.call("subscribe", "channel", "orders:1"))).isEqualTo(106);
    }
    try (WsClient client = WsClient.connect(sinal, "/ws?token=" + forged, true)) {
      assertThat(client.nextPush("disconnect").getInteger("code")).isEqualTo(3500);
      assertThat(client.awaitClosed()).isEqualTo(3500);
    }
    SseClient sse = SseClient.open(sinal, "channel=orders:1&token=" + forged, null);
    assertThat(sse.status()).isEqualTo(401);
    assertThat(new JsonObject(sse.errorBody()).getJsonObject("error").getInteger("code"))
        .isEqualTo(105);
    assertThat(sinal.get("/poll?wait=0&channel=orders:1&token=garbage").statusCode())
        .isEqualTo(401);
  }

  @Test
  void unsignedAlgNoneTokenIsRefused() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String none =
        b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(
                "{\"sub\":\"alice\",\"channels\":[\"orders:*\"]}".getBytes(StandardCharsets.UTF_8))
            + ".";
    assertThat(sinal.get("/poll?wait=0&channel=orders:1&token=" + none).statusCode())
        .isEqualTo(401);
  }

  @Test
  void serverApiNeedsTheRightKey() {
    String body = "{\"channel\":\"demo:x\",\"data\":1}";
    assertThat(sinal.request("POST", "/api/publish", body, null).statusCode()).isEqualTo(401);
    assertThat(sinal.request("POST", "/api/publish", body, "Bearer wrong").statusCode())
        .isEqualTo(401);
    assertThat(sinal.request("GET", "/api/info", null, "Basic " + sinal.apiKey()).statusCode())
        .isEqualTo(401);
    assertThat(
            new JsonObject(sinal.request("POST", "/api/publish", body, "Bearer wrong").body())
                .getJsonObject("error")
                .getInteger("code"))
        .isEqualTo(105);
    assertThat(sinal.api("POST", "/api/publish", body).statusCode()).isEqualTo(200);
  }

  @Test
  void foreignBrowserOriginIsRefusedLocalOneAccepted() {
    assertThatThrownBy(() -> WsClient.connect(sinal, "/ws", true, "http://evil.example"))
        .hasStackTraceContaining("403");
    try (WsClient local = WsClient.connect(sinal, "/ws", true, "http://localhost:3000")) {
      assertThat(local.call("ping").containsKey("result")).isTrue();
    }
    java.net.http.HttpRequest foreign =
        java.net.http.HttpRequest.newBuilder(sinal.uri("/sse?channel=demo:x"))
            .header("Origin", "http://evil.example")
            .build();
    assertThat(send(foreign).statusCode()).isEqualTo(403);
    java.net.http.HttpRequest same =
        java.net.http.HttpRequest.newBuilder(sinal.uri("/poll?wait=0&channel=demo:x"))
            .header("Origin", sinal.baseUrl())
            .build();
    assertThat(send(same).statusCode()).isEqualTo(200);
  }

  private static java.net.http.HttpResponse<Void> send(java.net.http.HttpRequest request) {
    try {
      return java.net.http.HttpClient.newHttpClient()
          .send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
