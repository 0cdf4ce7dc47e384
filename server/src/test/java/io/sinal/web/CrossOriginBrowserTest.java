package io.sinal.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.Browser;
import io.sinal.testing.PageServer;
import io.sinal.testing.TestSinal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A shop's page on another origin (127.0.0.2) imports /sinal.js from Sinal (127.0.0.1) and follows
 * a public and a private channel with a token from its own backend, over each transport; a page on
 * an origin not allowed (127.0.0.3) gets nothing over any of them.
 */
class CrossOriginBrowserTest {
  private static PageServer shop;
  private static PageServer stranger;
  private static TestSinal sinal;
  private static Browser browser;

  @BeforeAll
  static void start() {
    shop = PageServer.start("127.0.0.2", CrossOriginBrowserTest::token);
    stranger = PageServer.start("127.0.0.3", CrossOriginBrowserTest::token);
    sinal = TestSinal.start("--allowed-origin", shop.origin());
    browser = Browser.start();
  }

  private static String token(String user, long ttl) {
    return sinal.sinal().tokens().mint(user, List.of(), Duration.ofSeconds(ttl));
  }

  @AfterAll
  static void stop() {
    try (Browser b = browser;
        TestSinal s = sinal;
        PageServer p = shop;
        PageServer q = stranger) {
      // closed in reverse order
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"websocket", "sse", "longpoll", "poll"})
  void aPageOnAnAllowedOriginImportsTheClientAndReceivesEveryMessage(String transport) {
    String channel = "demo:shop-" + transport;
    browser.open(
        shop.origin()
            + "/harness.html?sinal="
            + sinal.baseUrl()
            + "&transport="
            + transport
            + "&channel="
            + channel
            + "&channel=user:alice&user=alice&pollInterval=300");
    Harness page = new Harness(browser);
    page.await("connected over " + transport, Harness::connected);
    assertThat(page.read().get("transport")).isEqualTo(transport);

    for (int i = 1; i <= 3; i++) {
      sinal.publish(channel, "{\"n\":" + i + "}");
    }
    sinal.publish("user:alice", "{\"private\":true}");
    page.await(
        "three public messages and a private one",
        p -> p.offsets(channel).size() == 3 && p.offsets("user:alice").size() == 1);
    assertThat(page.offsets(channel)).containsExactly(1L, 2L, 3L);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"websocket", "sse", "longpoll", "poll"})
  void aPageOnAnOriginNotAllowedGetsNothing(String transport) {
    String channel = "demo:stranger-" + transport;
    // Not even the module: the import from Sinal is refused.
    browser.open(
        stranger.origin()
            + "/harness.html?sinal="
            + sinal.baseUrl()
            + "&transport="
            + transport
            + "&channel="
            + channel);
    Harness page = new Harness(browser);
    page.await("the import refused", p -> p.read().get("importError") != null);

    // Its own copy of sinal.js cannot connect either.
    browser.open(
        stranger.origin()
            + "/harness.html?client=local&sinal="
            + sinal.baseUrl()
            + "&transport="
            + transport
            + "&channel="
            + channel
            + "&pollInterval=300");
    page.await(
        "a refused attempt",
        p ->
            p.states().stream()
                .anyMatch(s -> "disconnected".equals(s.get("state")) && s.get("error") != null));
    sinal.publish(channel, "{\"n\":1}");
    assertThat(page.states()).noneMatch(s -> "connected".equals(s.get("state")));
    assertThat(page.messages()).isEmpty();
  }
}
