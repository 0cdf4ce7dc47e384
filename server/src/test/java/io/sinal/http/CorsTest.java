package io.sinal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.RawHttp;
import io.sinal.testing.TestSinal;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * CORS for the origins the server allows, and only those: preflights for SSE and polling with their
 * headers, the allowed origin echoed with credentials (never {@code *}), {@code Vary: Origin}; the
 * server API never answers CORS; a refused origin gets 403. Heads written by hand (a taken-over SSE
 * stream) carry the same headers. The browser side is CrossOriginBrowserTest.
 */
class CorsTest {
  private static final String SHOP = "http://shop.example:8000";

  @Test
  void aPreflightFromAnAllowedOriginIsAnsweredWithTheHeadersTheTransportsNeed() {
    try (TestSinal sinal = TestSinal.start("--allowed-origin", SHOP)) {
      RawHttp.Response answer =
          RawHttp.request(
              sinal,
              "OPTIONS",
              "127.0.0.1",
              "/sse?channel=demo:a",
              "Origin: "
                  + SHOP
                  + "\r\nAccess-Control-Request-Method: GET\r\nAccess-Control-Request-Headers: authorization, last-event-id\r\n");
      assertThat(answer.status()).isEqualTo(204);
      assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
      assertThat(answer.header("Access-Control-Allow-Credentials")).isEqualTo("true");
      assertThat(answer.header("Access-Control-Allow-Headers"))
          .contains("Authorization", "Last-Event-ID");
      assertThat(answer.header("Vary")).contains("Origin");
    }
  }

  @Test
  void anSseStreamAndAPollForAnAllowedOriginCarryItAndAnotherOriginIsRefused() {
    try (TestSinal sinal = TestSinal.start("--allowed-origin", SHOP)) {
      RawHttp.Response stream =
          RawHttp.get(sinal, "127.0.0.1", "/sse?channel=demo:a", "Origin: " + SHOP + "\r\n");
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
      assertThat(stream.header("X-Content-Type-Options")).isEqualTo("nosniff");
      RawHttp.Response poll =
          RawHttp.get(
              sinal, "127.0.0.1", "/poll?channel=demo:a&wait=0", "Origin: " + SHOP + "\r\n");
      assertThat(poll.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
      RawHttp.Response module =
          RawHttp.get(sinal, "127.0.0.1", "/sinal.js", "Origin: " + SHOP + "\r\n");
      assertThat(module.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);

      RawHttp.Response refused =
          RawHttp.get(sinal, "127.0.0.1", "/sinal.js", "Origin: http://evil.example\r\n");
      assertThat(refused.status()).isEqualTo(403);
      assertThat(new JsonObject(refused.body()).getJsonObject("error").getInteger("code"))
          .isEqualTo(106);
      assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
    }
  }

  @Test
  void theServerApiNeverAnswersCors() {
    try (TestSinal sinal = TestSinal.start("--allowed-origin", SHOP)) {
      RawHttp.Response answer =
          RawHttp.get(
              sinal,
              "127.0.0.1",
              "/api/info",
              "Origin: " + SHOP + "\r\nAuthorization: Bearer " + sinal.apiKey() + "\r\n");
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("Access-Control-Allow-Origin")).isNull();
    }
  }
}
