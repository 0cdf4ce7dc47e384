package io.sinal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.RawHttp;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DNS rebinding: a request for a host name the server was not told it serves is refused on every
 * route.
 */
class AllowedHostsTest {
  private static TestSinal sinal;

  @BeforeAll
  static void start() {
    sinal = TestSinal.start("--allowed-host", "rt.example,.apps.example");
  }

  @AfterAll
  static void stop() {
    sinal.close();
  }

  private static RawHttp.Response get(TestSinal server, String host, String path, String origin) {
    String headers =
        (path.startsWith("/ws") ? RawHttp.WEBSOCKET_UPGRADE : "")
            + (path.startsWith("/api") ? "Authorization: Bearer " + server.apiKey() + "\r\n" : "")
            + (origin == null ? "" : "Origin: " + origin + "\r\n");
    return RawHttp.get(server, host, path, headers);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/bank",
        "/chat",
        "/admin",
        "/ws",
        "/sse?channel=demo:a",
        "/poll?channel=demo:a&wait=0",
        "/api/info",
        "/sinal.js",
        "/health/live"
      })
  void aRebindingPageOnAForeignHostIsRefusedOnEveryRoute(String path) {
    try (WsClient bystander = WsClient.connect(sinal)) {
      bystander.subscribe("demo:rebinding", null);
      RawHttp.Response refused =
          get(sinal, "evil.example:" + sinal.port(), path, "http://evil.example:" + sinal.port());
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.errorCode()).isEqualTo(106);
      assertThat(refused.json().getJsonObject("error").getString("message"))
          .contains("--allowed-host evil.example");
      sinal.publish("demo:rebinding", "1");
      assertThat(bystander.nextMessage().getInteger("data")).as("others are served").isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rt.example",
        "RT.example.:8080",
        "apps.example",
        "eu.apps.example",
        "localhost:8080",
        "app.localhost",
        "127.0.0.1:8080",
        "10.1.2.3",
        "[::1]:8080",
        "[2001:db8::1]"
      })
  void configuredNamesLocalhostAndIpAddressesAreServed(String host) {
    assertThat(get(sinal, host, "/health/live", null).status()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "evil.example",
        "rt.example.evil.example",
        "xapps.example",
        "localhost.evil.example",
        "1.2.3.4.evil.example"
      })
  void lookAlikeNamesAreNot(String host) {
    assertThat(get(sinal, host, "/health/live", null).status()).isEqualTo(403);
  }

  @Test
  void anAllowedHostIsItsOwnOriginForWebSocketsAndStreams() {
    String origin = "http://rt.example:" + sinal.port();
    assertThat(get(sinal, "rt.example:" + sinal.port(), "/ws", origin).status()).isEqualTo(101);
    RawHttp.Response poll =
        get(sinal, "rt.example:" + sinal.port(), "/poll?channel=demo:a&wait=0", origin);
    assertThat(poll.status()).isEqualTo(200);
    assertThat(get(sinal, "rt.example:" + sinal.port(), "/ws", "http://other.example").status())
        .as("another origin still is not")
        .isEqualTo(403);
  }

  @Test
  void withoutTheFlagOnlyLocalhostAndAddressesAreServedAndAStarServesAny() {
    try (TestSinal plain = TestSinal.start();
        TestSinal open = TestSinal.start("--allowed-host", "*")) {
      assertThat(get(plain, "rt.example", "/", null).status()).isEqualTo(403);
      assertThat(get(plain, "localhost", "/", null).status()).isEqualTo(200);
      assertThat(get(open, "evil.example", "/", null).status()).isEqualTo(200);
      assertThat(
              get(open, "evil.example:" + open.port(), "/ws", "http://evil.example:" + open.port())
                  .status())
          .isEqualTo(101);
    }
  }
}
