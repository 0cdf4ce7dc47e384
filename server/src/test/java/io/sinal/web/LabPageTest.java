package io.sinal.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.Browser;
import io.sinal.testing.TestSinal;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** {@code /lab} in Debian's headless Chromium: four clients, one per transport, on one channel. */
class LabPageTest {
  private static final List<String> TRANSPORTS = List.of("poll", "longpoll", "sse", "websocket");

  @Test
  void allFourTransportsReceiveAMessagePublishedFromThePageWithNonZeroCounters() throws Exception {
    try (TestSinal sinal = TestSinal.start();
        Browser browser = Browser.start()) {
      browser.open(sinal.baseUrl() + "/lab?channel=demo:lab-test");
      await(
          browser,
          "every client connected",
          () ->
              TRANSPORTS.stream()
                  .allMatch(
                      t ->
                          "connected"
                              .equals(browser.attribute(panel(t) + " .state", "data-state"))));

      browser.driver().findElement(By.id("publish")).click();

      // Polling asks every 2 s, so the slowest client has the message within a few seconds.
      await(
          browser,
          "the message on every client",
          () -> TRANSPORTS.stream().allMatch(t -> number(browser, t, "messages") == 1));
      for (String t : TRANSPORTS) {
        assertThat(number(browser, t, "requests")).as(t + " requests").isPositive();
        assertThat(number(browser, t, "bytes")).as(t + " bytes").isPositive();
        assertThat(browser.text(panel(t) + " .latency"))
            .as(t + " latency")
            .matches("\\d+ / \\d+ ms");
      }
      // Only the polling clients make requests per message; SSE and WebSocket made one each.
      assertThat(number(browser, "sse", "requests")).isEqualTo(1);
      assertThat(number(browser, "websocket", "requests")).isEqualTo(1);
      assertThat(browser.text("#error")).isEmpty();
    }
  }

  private static String panel(String transport) {
    return ".panel[data-transport=" + transport + "]";
  }

  private static long number(Browser browser, String transport, String counter) {
    return Long.parseLong(browser.text(panel(transport) + " ." + counter));
  }

  private static void await(
      Browser browser, String what, java.util.concurrent.Callable<Boolean> condition) {
    try {
      Awaitility.await(what)
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          what
              + " did not happen; page: "
              + browser.text("#panels")
              + "\nconsole:\n"
              + browser.consoleLog(),
          e);
    }
  }
}
