package io.sinal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LogFormatTest {

  @Test
  void jsonLinesAreOneObjectPerEvent() {
    LogRecord record = new LogRecord(Level.WARNING, "slow \"consumer\"\nsecond line");
    record.setLoggerName("io.sinal.x");
    String line = LogFormat.json().format(record);
    assertThat(line.strip()).doesNotContain("\n");
    JsonObject parsed = new JsonObject(line);
    assertThat(parsed.getString("level")).isEqualTo("WARNING");
    assertThat(parsed.getString("msg")).isEqualTo("slow \"consumer\"\nsecond line");
    assertThat(parsed.getString("ts")).endsWith("Z");
  }

  @Test
  void debugLinesCarryConnectionAndRequestIdsButNeverTokens() {
    Logger sinalLog = Logger.getLogger("io.sinal");
    Level before = sinalLog.getLevel();
    List<String> lines = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            synchronized (lines) {
              lines.add(LogFormat.json().format(record));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    capture.setLevel(Level.FINE);
    sinalLog.setLevel(Level.FINE);
    sinalLog.addHandler(capture);
    try (TestSinal sinal = TestSinal.start()) {
      String token = sinal.token("alice");
      try (WsClient client = WsClient.connect(sinal, "/ws?token=" + token, true)) {
        client.subscribe("demo:logs", null);
      }
      String requestId =
          sinal
              .get("/poll?wait=0&channel=demo:logs&token=" + token)
              .headers()
              .firstValue("X-Request-Id")
              .orElseThrow();
      sinal.api("POST", "/api/publish", "{\"channel\":\"demo:logs\",\"data\":1}");
      synchronized (lines) {
        assertThat(lines)
            .anyMatch(l -> l.contains("connection ") && l.contains("opened: websocket user alice"));
        assertThat(lines).anyMatch(l -> l.contains("request " + requestId + " GET /poll 200"));
        assertThat(lines).noneMatch(l -> l.contains(token) || l.contains(sinal.apiKey()));
      }
    } finally {
      sinalLog.removeHandler(capture);
      sinalLog.setLevel(before);
    }
  }
}
