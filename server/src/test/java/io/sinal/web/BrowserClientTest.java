package io.sinal.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.Browser;
import io.sinal.testing.TestSinal;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;

/**
 * The home page's "Try it" panel and sinal.js, in Debian's headless Chromium against a real server.
 */
class BrowserClientTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static TestSinal sinal;
  private static Browser browser;

  @BeforeAll
  static void start() {
    // "short" keeps two publications, so a client away for three misses one for good.
    sinal = TestSinal.start("--namespace", "short:history=2");
    browser = Browser.start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (browser != null) browser.close();
    } finally {
      if (sinal != null) sinal.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"websocket", "sse", "longpoll"})
  void pageForcedToOneTransportReceivesEveryPublicationInOrderExactlyOnce(String transport)
      throws Exception {
    String channel = "demo:browser-" + transport;
    openTryIt(sinal, transport, channel);
    awaitPage(
        "connected via " + transport,
        () -> browser.text("#status").contains("connected via " + transport));
    assertThat(browser.attribute("#status", "data-transport")).isEqualTo(transport);

    List<String> sent = List.of("first " + transport, "second " + transport, "third " + transport);
    for (String text : sent) sinal.publish(channel, "message", Json.encode(text));
    awaitPage("the last message", () -> messages().stream().anyMatch(m -> m.contains(sent.get(2))));

    // A duplicate would come at the latest right after the original: one more publication bounds
    // that.
    sinal.publish(channel, "message", Json.encode("last " + transport));
    awaitPage(
        "the closing message",
        () -> messages().stream().anyMatch(m -> m.contains("last " + transport)));
    List<String> received = messages();
    assertThat(received).hasSize(4);
    for (int i = 0; i < sent.size(); i++) assertThat(received.get(i)).contains(sent.get(i));
  }

  @Test
  void autoModeFallsBackToSseWhenTheServerHasNoWebSocket() throws Exception {
    try (TestSinal withoutWebSocket = TestSinal.start("--transports", "sse,poll")) {
      openTryIt(withoutWebSocket, null, "demo:fallback");
      awaitPage("connected via sse", () -> browser.text("#status").contains("connected via sse"));
      assertThat(browser.attribute("#status", "data-transport")).isEqualTo("sse");

      withoutWebSocket.publish("demo:fallback", "message", Json.encode("over sse after all"));
      awaitPage(
          "the message", () -> messages().stream().anyMatch(m -> m.contains("over sse after all")));
      assertThat(messages()).hasSize(1);
    }
  }

  @Test
  void markupInPublishedDataIsShownAsText() throws Exception {
    String channel = "demo:browser-markup";
    String markup = "<img src=x onerror=alert(1)>";
    openTryIt(sinal, "websocket", channel);
    awaitPage("connected", () -> browser.text("#status").contains("connected via websocket"));

    sinal.publish(channel, "message", Json.encode(markup));
    awaitPage("the markup as text", () -> messages().stream().anyMatch(m -> m.contains(markup)));
    assertThat(browser.driver().findElements(By.cssSelector("#log img"))).isEmpty();
  }

  @Test
  void publishBoxSendsOverTheWebSocket() {
    String channel = "demo:browser-publish";
    openTryIt(sinal, "websocket", channel);
    awaitPage("connected", () -> browser.text("#status").contains("connected via websocket"));

    browser.driver().findElement(By.id("message")).sendKeys("typed in the page");
    browser.driver().findElement(By.id("publish")).click();
    awaitPage(
        "the published message",
        () -> messages().stream().anyMatch(m -> m.contains("typed in the page")));
  }

  @Test
  void everyPageLinkedFromTheHomePageExists() throws Exception {
    browser.open(sinal.baseUrl() + "/");
    List<String> links =
        browser.driver().findElements(By.cssSelector("#pages a")).stream()
            .map(a -> a.getDomProperty("href"))
            .toList();
    assertThat(links).contains(sinal.baseUrl() + "/", sinal.baseUrl() + "/sinal.js");

    HttpClient http = HttpClient.newHttpClient();
    for (String link : links) {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(link)).build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(response.statusCode()).as(link).isEqualTo(200);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"websocket", "sse", "longpoll"})
  void clientClosedAndConnectedAgainReceivesWhatItMissedExactlyOnce(String transport)
      throws Exception {
    String channel = "demo:resume-" + transport;
    startClient(transport, channel);
    sinal.publish(channel, "message", Json.encode("one"));
    awaitReceived(List.of("one"));

    browser.script("window.probe.sinal.close()");
    sinal.publish(channel, "message", Json.encode("two"));
    JsonObject three = sinal.publish(channel, "message", Json.encode("three"));
    browser.script("window.probe.sinal.connect()");
    awaitReceived(List.of("one", "two", "three"));

    sinal.publish(channel, "message", Json.encode("four"));
    awaitReceived(List.of("one", "two", "three", "four"));
    assertThat(browser.script("return window.probe.sinal.cursor()"))
        .isEqualTo(channel + "~" + three.getString("epoch") + "~" + (three.getLong("offset") + 1));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"websocket", "sse", "longpoll"})
  void clientAwayLongerThanTheHistoryIsToldToResetAndGoesOnLive(String transport) throws Exception {
    String channel = "short:reset-" + transport;
    startClient(transport, channel);
    sinal.publish(channel, "message", Json.encode("one"));
    awaitReceived(List.of("one"));

    browser.script("window.probe.sinal.close()");
    for (String text : List.of("two", "three", "four"))
      sinal.publish(channel, "message", Json.encode(text));
    browser.script("window.probe.sinal.connect()");
    awaitPage(
        "the reset", () -> !((List<?>) browser.script("return window.probe.resets")).isEmpty());
    assertThat(browser.script("return window.probe.resets"))
        .isEqualTo(List.of("history_exceeded 4"));

    sinal.publish(channel, "message", Json.encode("five"));
    awaitReceived(List.of("one", "five"));
  }

  @Test
  void publishRejectsWithTheServersErrorCodeAndOffWebSocket() {
    String publishBadChannel =
        "const done = arguments[0];"
            + "window.probe.sinal.publish('not a channel!', 'x')"
            + ".then(() => done('resolved'), e => done(e.code + ' ' + e.message));";
    startClient("websocket", "demo:publish-errors");
    assertThat((String) browser.asyncScript(publishBadChannel)).startsWith("103 ");

    startClient("sse", "demo:publish-errors");
    assertThat((String) browser.asyncScript(publishBadChannel))
        .isEqualTo("undefined publish needs the websocket transport (now: sse)");
  }

  @Test
  void aCursorGivenAtSubscribeResumesFromItOnEveryTransport() {
    for (String transport : List.of("websocket", "sse", "longpoll")) {
      String channel = "demo:given-cursor-" + transport;
      String epoch = sinal.publish(channel, null, "\"one\"").getString("epoch");
      sinal.publish(channel, null, "\"two\"");
      sinal.publish(channel, null, "\"three\"");
      browser.open(sinal.baseUrl() + "/");
      browser.asyncScript(
          "const [transport, channel, cursor, done] = arguments;"
              + "import('/sinal.js').then(({ Sinal }) => {"
              + "  const sinal = new Sinal({ transports: [transport] });"
              + "  const probe = (window.probe = { sinal, received: [], resets: [] });"
              + "  sinal.subscribe(channel, { cursor, onMessage: e => probe.received.push(e.data) });"
              + "  sinal.connect();"
              + "  done();"
              + "});",
          transport,
          channel,
          channel + "~" + epoch + "~1");
      awaitReceived(List.of("two", "three"));
    }
  }

  @Test
  void presenceAndHistoryOverWebSocket() {
    startClient("websocket", "demo:presence-history");
    sinal.publish("demo:presence-history", null, "\"a\"");
    sinal.publish("demo:presence-history", null, "\"b\"");
    awaitReceived(List.of("a", "b"));
    String answer =
        (String)
            browser.asyncScript(
                "const done = arguments[0];"
                    + "Promise.all([window.probe.sinal.presence('demo:presence-history'), window.probe.sinal.history('demo:presence-history', 1)])"
                    + "  .then(([p, h]) => done(p.clients.length + ' ' + h.publications.map(x => x.data).join(',') + ' ' + h.offset),"
                    + "        e => done('failed: ' + e.message));");
    assertThat(answer).isEqualTo("1 b 2");
  }

  /**
   * Opens the home page without its panel connecting, and starts a client of its own as
   * window.probe, recording the data of each message and the reason and offset of each reset.
   */
  private static void startClient(String transport, String channel) {
    browser.open(sinal.baseUrl() + "/");
    Object connected =
        browser.asyncScript(
            "const [transport, channel, done] = arguments;"
                + "import('/sinal.js').then(({ Sinal }) => {"
                + "  const sinal = new Sinal({ transports: [transport] });"
                + "  const probe = (window.probe = { sinal, received: [], resets: [] });"
                + "  sinal.subscribe(channel, {"
                + "    onMessage: e => probe.received.push(e.data),"
                + "    onReset: r => probe.resets.push(r.reason + ' ' + r.offset),"
                + "  });"
                + "  const off = sinal.onState(s => s.state === 'connected' && (off(), done(s.transport)));"
                + "  sinal.connect();"
                + "}, e => done('import failed: ' + e));",
            transport,
            channel);
    assertThat(connected).isEqualTo(transport);
  }

  /**
   * Waits until the probe has received as many messages as expected, then checks they are those.
   */
  private static void awaitReceived(List<String> expected) {
    Callable<List<?>> received = () -> (List<?>) browser.script("return window.probe.received");
    awaitPage(expected.size() + " messages", () -> received.call().size() >= expected.size());
    try {
      assertThat(received.call()).isEqualTo(expected);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static void openTryIt(TestSinal server, String transport, String channel) {
    String query =
        (transport == null ? "" : "transport=" + transport + "&")
            + "channel="
            + URLEncoder.encode(channel, StandardCharsets.UTF_8)
            + "&autoconnect=1";
    browser.open(server.baseUrl() + "/?" + query);
  }

  private static List<String> messages() {
    return browser.texts("#log .msg");
  }

  /** Waits for the page, and on timeout says what it showed instead, with the browser's console. */
  private static void awaitPage(String what, Callable<Boolean> condition) {
    try {
      Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "timed out waiting for "
              + what
              + "\nstatus: "
              + browser.text("#status")
              + "\nlog:\n"
              + browser.text("#log")
              + "\nconsole:\n"
              + browser.consoleLog(),
          e);
    }
  }
}
