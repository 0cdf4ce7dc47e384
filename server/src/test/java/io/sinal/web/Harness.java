package io.sinal.web;

import io.sinal.testing.Browser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** What the test page (src/test/resources/pages/harness.js) recorded, read from the browser. */
final class Harness {
  static final Duration WAIT = Duration.ofSeconds(20);

  private final Browser browser;

  Harness(Browser browser) {
    this.browser = browser;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> read() {
    return (Map<String, Object>)
        browser.script(
            "const h = window.harness; return h ? {ready: h.ready, importError: h.importError, messages: h.messages,"
                + " states: h.states, resets: h.resets, errors: h.errors, state: h.sinal?.state ?? null,"
                + " transport: h.sinal?.transport ?? null, shown: h.shown, lifecycle: h.lifecycle, tokenFetches: h.tokenFetches} : {}");
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> messages() {
    Object messages = read().get("messages");
    return messages == null ? List.of() : (List<Map<String, Object>>) messages;
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> states() {
    Object states = read().get("states");
    return states == null ? List.of() : (List<Map<String, Object>>) states;
  }

  /** The offsets received on {@code channel}, in the order they came. */
  List<Long> offsets(String channel) {
    return messages().stream()
        .filter(m -> channel.equals(m.get("channel")))
        .map(m -> ((Number) m.get("offset")).longValue())
        .toList();
  }

  boolean connected() {
    return "connected".equals(read().get("state"));
  }

  void await(String what, Predicate<Harness> condition) {
    try {
      Awaitility.await(what)
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> condition.test(this));
    } catch (RuntimeException e) {
      throw new AssertionError(
          what
              + " did not happen; the page recorded "
              + read()
              + "\nconsole:\n"
              + browser.consoleLog(),
          e);
    }
  }
}
