package io.sinal.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.Browser;
import io.sinal.testing.PageServer;
import io.sinal.testing.TcpProxy;
import io.sinal.testing.TestSinal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.chromium.ChromiumDriver;

/**
 * What real networks and devices do to a page, in Chromium: the way to the server cut (a TCP proxy
 * between page and server), a proxy gone silent without closing, the browser offline and back, the
 * page frozen past its token's expiry, the page put in the back/forward cache. Every time the
 * client comes back by itself, from its cursor, missing nothing and repeating nothing.
 */
class ResilienceBrowserTest {
  /** With a 1 s heartbeat, a connection silent for 2 × 1 s + 5 s is dead to sinal.js. */
  private static final Duration SILENCE_BOUND = Duration.ofSeconds(7);

  private static PageServer shop;
  private static TestSinal sinal;
  private static Browser browser;
  private TcpProxy proxy;

  @BeforeAll
  static void start() {
    shop =
        PageServer.start(
            "127.0.0.2",
            (user, ttl) -> sinal.sinal().tokens().mint(user, List.of(), Duration.ofSeconds(ttl)));
    sinal = TestSinal.start("--allowed-origin", shop.origin(), "--heartbeat", "1");
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    try (Browser b = browser;
        TestSinal s = sinal;
        PageServer p = shop) {
      // closed in reverse order
    }
  }

  @BeforeEach
  void proxy() {
    proxy = new TcpProxy(sinal.port());
  }

  @AfterEach
  void closeProxy() {
    cdp(
        "Network.emulateNetworkConditions",
        Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    browser.open("about:blank");
    proxy.close();
  }

  private Harness open(String transport, String channel, String extra) {
    browser.open(
        shop.origin()
            + "/harness.html?sinal="
            + proxy.baseUrl()
            + "&transport="
            + transport
            + "&channel="
            + channel
            + "&pollWait=2&pollInterval=300"
            + extra);
    Harness page = new Harness(browser);
    page.await("connected over " + transport, Harness::connected);
    return page;
  }

  private static List<Long> upTo(long n) {
    return LongStream.rangeClosed(1, n).boxed().toList();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"websocket", "sse", "longpoll", "poll"})
  void theWayToTheServerCutForFiveSecondsLosesAndRepeatsNothing(String transport) throws Exception {
    String channel = "demo:cut-" + transport;
    Harness page = open(transport, channel, "");
    sinal.publish(channel, "{\"n\":1}");
    page.await("the first message", p -> p.offsets(channel).size() == 1);

    proxy.cut();
    for (int n = 2; n <= 6; n++) {
      sinal.publish(channel, "{\"n\":" + n + "}");
      Thread.sleep(1000); // the cut lasts five seconds of real time, messages published throughout
    }
    proxy.restore();
    page.await("every message published during the cut", p -> p.offsets(channel).size() >= 6);
    sinal.publish(channel, "{\"n\":7}");
    page.await("the next one", p -> p.offsets(channel).size() >= 7);
    assertThat(page.offsets(channel)).containsExactlyElementsOf(upTo(7));
  }

  @Test
  void backOnlineTheClientReconnectsAtOnceInsteadOfWaitingOutItsBackoff() {
    String channel = "demo:offline";
    Harness page = open("websocket", channel, "");
    // DevTools' offline mode fires offline/online but neither closes open sockets nor stops new
    // WebSockets: the proxy cuts the live one and refuses the retries, so the backoff grows.
    cdp(
        "Network.emulateNetworkConditions",
        Map.of("offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    proxy.cut();
    page.await("a retry at least 3 s away", p -> nextRetryIn(p) > 3000);
    sinal.publish(channel, "{\"n\":1}");
    proxy.restore();
    long online = System.currentTimeMillis();
    long due = lastRetryAt(page);
    cdp(
        "Network.emulateNetworkConditions",
        Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    page.await("connected again", Harness::connected);
    long back = System.currentTimeMillis();
    assertThat(back)
        .as(
            "reconnected %d ms after online, the backoff was due in %d ms",
            back - online, due - online)
        .isLessThan(due);
    page.await("the message published while offline", p -> p.offsets(channel).size() == 1);
    assertThat(page.states()).anyMatch(s -> Boolean.FALSE.equals(s.get("online")));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"websocket", "sse", "longpoll"})
  void aProxyThatGoesSilentIsNoticedWithinTheBoundAndLeftForAWorkingPath(String transport) {
    String channel = "demo:silent-" + transport;
    Harness page = open(transport, channel, "");
    sinal.publish(channel, "{\"n\":1}");
    page.await("the first message", p -> p.offsets(channel).size() == 1);

    proxy.blackHole();
    long start = System.currentTimeMillis();
    sinal.publish(channel, "{\"n\":2}");
    sinal.publish(channel, "{\"n\":3}");
    page.await("the messages sent into the black hole", p -> p.offsets(channel).size() == 3);
    long noticed = System.currentTimeMillis() - start;
    // long polls wait 2 s here, so a poll is given 2 s + 10 s before it counts as dead
    long bound = (transport.equals("longpoll") ? 12_000 : SILENCE_BOUND.toMillis()) + 3000;
    assertThat(noticed).as("noticed and back in %d ms", noticed).isLessThan(bound);
    assertThat(page.offsets(channel)).containsExactly(1L, 2L, 3L);
    assertThat(page.states()).anyMatch(s -> String.valueOf(s.get("error")).contains("silent"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"websocket", "sse", "longpoll"})
  void aPageFrozenPastItsTokensExpiryRenewsItAndMissesNothing(String transport) throws Exception {
    String channel = "user:alice";
    Harness page = open(transport, channel, "&user=alice&ttl=3");
    long first = ((Number) sinal.publish(channel, "{\"n\":1}").getValue("offset")).longValue();
    page.await("the first message", p -> p.offsets(channel).contains(first));

    cdp("Page.setWebLifecycleState", Map.of("state", "frozen"));
    for (int n = 2; n <= 5; n++) {
      sinal.publish(channel, "{\"n\":" + n + "}");
      Thread.sleep(1000); // frozen for four seconds of real time, past the token's three
    }
    long resumed = System.currentTimeMillis();
    cdp("Page.setWebLifecycleState", Map.of("state", "active"));
    page.await("everything published while frozen", p -> p.offsets(channel).contains(first + 4));
    assertThat(page.offsets(channel))
        .containsExactly(first, first + 1, first + 2, first + 3, first + 4);
    Map<String, Object> seen = page.read();
    assertThat(String.valueOf(seen.get("lifecycle")))
        .as("the page was frozen and resumed")
        .contains("freeze", "resume");
    assertThat((List<?>) seen.get("tokenFetches"))
        .as("a token fetched after the resume")
        .anyMatch(at -> ((Number) at).longValue() >= resumed - 500);
  }

  @Test
  void aPageRestoredFromTheBackForwardCacheReconnectsAtOnceAndResumes() {
    String channel = "demo:bfcache";
    Harness page = open("websocket", channel, "");
    sinal.publish(channel, "{\"n\":1}");
    page.await("the first message", p -> p.offsets(channel).size() == 1);

    browser.open(shop.origin() + "/elsewhere.html");
    sinal.publish(channel, "{\"n\":2}");
    browser.driver().navigate().back();
    page.await(
        "restored from the cache",
        p ->
            p.read().get("shown") instanceof List<?> shown
                && shown.stream()
                    .anyMatch(e -> Boolean.TRUE.equals(((Map<?, ?>) e).get("persisted"))));
    page.await("connected again", Harness::connected);
    page.await("the message published while away", p -> p.offsets(channel).size() == 2);
    assertThat(page.offsets(channel)).containsExactly(1L, 2L);
  }

  private static long nextRetryIn(Harness page) {
    return lastRetryAt(page) - System.currentTimeMillis();
  }

  private static long lastRetryAt(Harness page) {
    List<Map<String, Object>> states = page.states();
    Object at = states.isEmpty() ? null : states.get(states.size() - 1).get("retryAt");
    return at instanceof Number n ? n.longValue() : 0;
  }

  private static void cdp(String command, Map<String, Object> params) {
    ((ChromiumDriver) browser.driver()).executeCdpCommand(command, params);
  }
}
