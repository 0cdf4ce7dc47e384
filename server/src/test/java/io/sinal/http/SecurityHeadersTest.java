package io.sinal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.Browser;
import io.sinal.testing.RawHttp;
import io.sinal.testing.TestSinal;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pages cannot be framed (clickjacking), run only their own scripts, and no answer is
 * content-sniffed.
 */
class SecurityHeadersTest {
  private static TestSinal sinal;

  @BeforeAll
  static void start() {
    sinal = TestSinal.start();
  }

  @AfterAll
  static void stop() {
    sinal.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/",
        "/bank",
        "/chat",
        "/chat/lobby",
        "/admin",
        "/lab",
        "/uploads",
        "/payments/pix",
        "/sinal.js",
        "/pix/pix.css"
      })
  void pagesCarryAStrictPolicyAndCannotBeFramed(String path) {
    RawHttp.Response page = RawHttp.get(sinal, "127.0.0.1", path, "");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.headers().get("content-security-policy"))
        .isEqualTo(
            "default-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'");
    assertThat(page.headers().get("x-frame-options")).isEqualTo("DENY");
    assertThat(page.headers().get("x-content-type-options")).isEqualTo("nosniff");
    assertThat(page.headers().get("referrer-policy")).isEqualTo("no-referrer");
    if (page.headers().get("content-type").startsWith("text/html")) {
      assertThat(page.body())
          .as("no inline code the policy would block")
          .doesNotContainPattern("<script(?![^>]*\\bsrc=)")
          .doesNotContain("<style")
          .doesNotContainPattern("\\sstyle=")
          .doesNotContainPattern("\\son[a-z]+=");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/info",
        "/nowhere",
        "/poll?channel=demo:a&wait=0",
        "/poll?x=%zz",
        "/health/live"
      })
  void everyOtherAnswerIsNotSniffedEither(String path) {
    RawHttp.Response answer =
        RawHttp.get(sinal, "127.0.0.1", path, "Authorization: Bearer " + sinal.apiKey() + "\r\n");
    assertThat(answer.headers().get("x-content-type-options")).isEqualTo("nosniff");
  }

  @Test
  void answersVertxGivesBeforeRoutingAreNotSniffedEither() {
    RawHttp.Response tooLong = RawHttp.get(sinal, "127.0.0.1", "/" + "a".repeat(300 * 1024), "");
    assertThat(tooLong.status()).isEqualTo(414);
    assertThat(tooLong.headers().get("x-content-type-options")).isEqualTo("nosniff");
  }

  @Test
  void noPageBreaksThePolicyInChromium() {
    try (Browser browser = Browser.start()) {
      for (String path : List.of("/", "/admin", "/chat", "/uploads", "/payments/pix", "/bank")) {
        browser.open(sinal.baseUrl() + path);
        assertThat(browser.consoleLog())
            .as(path)
            .doesNotContain("Content Security Policy")
            .doesNotContain("Refused to");
      }
      // The lab opens all four transports (WebSocket included: connect-src 'self' must cover ws:).
      browser.open(sinal.baseUrl() + "/lab?channel=demo:csp");
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  List.of("poll", "longpoll", "sse", "websocket").stream()
                      .allMatch(
                          t ->
                              "connected"
                                  .equals(
                                      browser.attribute(
                                          ".panel[data-transport=" + t + "] .state",
                                          "data-state"))));
      assertThat(browser.consoleLog())
          .doesNotContain("Content Security Policy")
          .doesNotContain("Refused to");
    }
  }
}
