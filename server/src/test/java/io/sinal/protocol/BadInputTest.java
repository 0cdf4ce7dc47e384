package io.sinal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.SseClient;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets a precise error, and the connection and the server keep serving. */
class BadInputTest {
  private static TestSinal sinal;

  @BeforeAll
  static void start() {
    sinal =
        TestSinal.start(
            "--max-message-size", "1024", "--max-subscriptions", "2", "--namespace", "quiet");
  }

  @AfterAll
  static void stop() {
    sinal.close();
  }

  private static int code(JsonObject reply) {
    assertThat(reply.containsKey("error")).as("expected an error, got %s", reply.encode()).isTrue();
    return reply.getJsonObject("error").getInteger("code");
  }

  private static int httpCode(HttpResponse<String> response) {
    return new JsonObject(response.body()).getJsonObject("error").getInteger("code");
  }

  @Test
  void malformedFramesGetAnErrorAndTheConnectionSurvives() {
    try (WsClient client = WsClient.connect(sinal)) {
      client.sendRaw("{not json");
      assertThat(code(client.reply(0))).isEqualTo(101);
      client.sendRaw("[1,2,3]");
      client.sendRaw("{\"cmd\":\"ping\"}");
      client.sendRaw("{\"id\":-4,\"cmd\":\"ping\"}");
      client.sendRaw("{\"id\":\"x\",\"cmd\":\"ping\"}");
      assertThat(client.call("ping").containsKey("result")).isTrue();
    }
  }

  @Test
  void unknownCommandAndMissingFieldsAreNamed() {
    try (WsClient client = WsClient.connect(sinal)) {
      JsonObject unknown = client.call("shout", "channel", "demo:x");
      assertThat(code(unknown)).isEqualTo(102);
      assertThat(unknown.getJsonObject("error").getString("message")).contains("shout");
      assertThat(code(client.call("subscribe"))).isEqualTo(101);
      assertThat(code(client.call("subscribe", "channel", 42))).isEqualTo(101);
      assertThat(code(client.call("publish", "channel", "demo:x"))).isEqualTo(101);
      assertThat(client.call("ping").containsKey("result")).isTrue();
    }
  }

  @Test
  void badChannelNamesAreRefusedOnEveryTransport() {
    String tooLong = "demo:" + "x".repeat(251);
    try (WsClient client = WsClient.connect(sinal)) {
      assertThat(code(client.call("subscribe", "channel", "demo:a b"))).isEqualTo(103);
      assertThat(code(client.call("subscribe", "channel", tooLong))).isEqualTo(103);
      assertThat(code(client.call("subscribe", "channel", ""))).isEqualTo(103);
      assertThat(code(client.call("subscribe", "channel", "nowhere:x"))).isEqualTo(104);
    }
    assertThat(SseClient.open(sinal, "channel=demo%3Aa%2Fb", null).status()).isEqualTo(400);
    assertThat(sinal.get("/poll?wait=0&channel=" + tooLong).statusCode()).isEqualTo(400);
    assertThat(sinal.get("/poll?wait=0").statusCode()).isEqualTo(400);
    HttpResponse<String> publish =
        sinal.api("POST", "/api/publish", "{\"channel\":\"demo:<script>\",\"data\":1}");
    assertThat(publish.statusCode()).isEqualTo(400);
    assertThat(httpCode(publish)).isEqualTo(103);
    assertThat(
            sinal
                .api("POST", "/api/publish", "{\"channel\":\"nowhere:x\",\"data\":1}")
                .statusCode())
        .isEqualTo(404);
  }

  @Test
  void oversizedDataIsRefusedAndAnOversizedFrameClosesOnlyThatConnection() {
    String big = "\"" + "x".repeat(2000) + "\"";
    try (WsClient client = WsClient.connect(sinal);
        WsClient bystander = WsClient.connect(sinal)) {
      bystander.subscribe("demo:big", null);
      assertThat(
              code(
                  client.call(
                      new JsonObject(
                          "{\"cmd\":\"publish\",\"channel\":\"demo:big\",\"data\":" + big + "}"))))
          .isEqualTo(107);
      assertThat(client.call("ping").containsKey("result")).isTrue();
      assertThat(
              sinal
                  .api("POST", "/api/publish", "{\"channel\":\"demo:big\",\"data\":" + big + "}")
                  .statusCode())
          .isEqualTo(413);
      client.sendRaw(
          "{\"id\":9,\"cmd\":\"publish\",\"channel\":\"demo:big\",\"data\":\""
              + "y".repeat(20_000)
              + "\"}");
      assertThat(client.awaitClosed()).as("closed: 1009, or abnormally").isIn(1009, 1006, -1);
      sinal.publish("demo:big", "\"still here\"");
      assertThat(bystander.nextMessage().getString("data")).isEqualTo("still here");
    }
    assertThat(
            sinal
                .api(
                    "POST",
                    "/api/publish",
                    "{\"channel\":\"demo:big\",\"data\":\"" + "z".repeat(200_000) + "\"}")
                .statusCode())
        .isEqualTo(413);
  }

  @Test
  void binaryFramesAreRefused() throws Exception {
    try (WsClient client = WsClient.connect(sinal)) {
      client.sendBinary(new byte[] {1, 2, 3});
      assertThat(code(client.reply(0))).isEqualTo(101);
      assertThat(client.call("ping").containsKey("result")).isTrue();
    }
  }

  @Test
  void clientsPublishOnlyWhereTheNamespaceAllows() {
    try (WsClient client = WsClient.connect(sinal)) {
      assertThat(
              code(
                  client.call(
                      new JsonObject("{\"cmd\":\"publish\",\"channel\":\"quiet:x\",\"data\":1}"))))
          .isEqualTo(106);
      JsonObject ok =
          client.call(new JsonObject("{\"cmd\":\"publish\",\"channel\":\"demo:pub\",\"data\":1}"));
      assertThat(ok.getJsonObject("result").getLong("offset")).isEqualTo(1);
      assertThat(
              code(
                  client.call(
                      new JsonObject(
                          "{\"cmd\":\"publish\",\"channel\":\"demo:pub\",\"type\":\"reset\",\"data\":1}"))))
          .isEqualTo(101);
      assertThat(
              code(
                  client.call(
                      new JsonObject(
                          "{\"cmd\":\"publish\",\"channel\":\"demo:pub\",\"type\":\"a b\",\"data\":1}"))))
          .isEqualTo(101);
    }
  }

  @Test
  void subscriptionLimitsAndDuplicatesAreRefused() {
    try (WsClient client = WsClient.connect(sinal)) {
      client.subscribe("demo:l1", null);
      assertThat(code(client.call("subscribe", "channel", "demo:l1"))).isEqualTo(109);
      client.subscribe("demo:l2", null);
      assertThat(code(client.call("subscribe", "channel", "demo:l3"))).isEqualTo(108);
    }
    assertThat(sinal.get("/poll?wait=0&channel=demo:a&channel=demo:b&channel=demo:c").statusCode())
        .isEqualTo(429);
  }

  @Test
  void badCursorsAndParametersAreRefused() {
    try (WsClient client = WsClient.connect(sinal)) {
      assertThat(code(client.call("subscribe", "channel", "demo:c", "cursor", "garbage")))
          .isEqualTo(101);
      assertThat(code(client.call("subscribe", "channel", "demo:c", "cursor", "demo:c~e~-1")))
          .isEqualTo(101);
      assertThat(code(client.call("history", "channel", "demo:c", "limit", 0))).isEqualTo(101);
    }
    assertThat(sinal.get("/poll?channel=demo:c&cursor=demo:c~e~x").statusCode()).isEqualTo(400);
    assertThat(sinal.get("/poll?channel=demo:c&wait=soon").statusCode()).isEqualTo(400);
    assertThat(sinal.get("/poll?channel=demo:c&wait=0&limit=5000").statusCode()).isEqualTo(400);
    assertThat(SseClient.open(sinal, "channel=demo:c", "not a cursor").status()).isEqualTo(400);
  }

  @Test
  void malformedApiBodiesAreRefused() {
    assertThat(sinal.api("POST", "/api/publish", "{oops").statusCode()).isEqualTo(400);
    assertThat(sinal.api("POST", "/api/publish", "[1]").statusCode()).isEqualTo(400);
    HttpResponse<String> noData = sinal.api("POST", "/api/publish", "{\"channel\":\"demo:x\"}");
    assertThat(noData.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(noData.body()).getJsonObject("error").getString("message"))
        .contains("data");
    assertThat(sinal.api("POST", "/api/broadcast", "{\"channels\":[],\"data\":1}").statusCode())
        .isEqualTo(400);
    HttpResponse<String> noRoute = sinal.api("GET", "/api/nothing", null);
    assertThat(noRoute.statusCode()).isEqualTo(404);
    assertThat(httpCode(noRoute)).as("not_found, not unknown_namespace").isEqualTo(112);
    assertThat(sinal.api("GET", "/api/history?channel=demo:x&limit=-1", null).statusCode())
        .isEqualTo(400);
  }
}
