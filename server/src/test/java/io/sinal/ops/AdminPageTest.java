package io.sinal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.testing.Browser;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdminPageTest {

  @Test
  void dashboardShowsAConnectedClientAndPublishesAMessage() {
    try (TestSinal sinal = TestSinal.start();
        Browser browser = Browser.start();
        WsClient client = WsClient.connect(sinal)) {
      client.subscribe("demo:admin", null);
      browser.open(sinal.baseUrl() + "/admin");
      browser.script(
          "document.getElementById('key').value = arguments[0];"
              + "document.getElementById('sign-in').click();",
          "wrong-key");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> browser.text("#login-error").contains("refused"));
      browser.script(
          "document.getElementById('key').value = arguments[0];"
              + "document.getElementById('sign-in').click();",
          sinal.apiKey());
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> browser.text("#conn-websocket").equals("1"));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> browser.text("#top-channels").contains("demo:admin"));

      browser.script(
          "document.getElementById('pub-channel').value = 'demo:admin';"
              + "document.getElementById('pub-data').value = '{\"text\":\"from the dashboard\"}';"
              + "document.getElementById('pub-send').click();");
      assertThat(client.nextMessage().getJsonObject("data").getString("text"))
          .isEqualTo("from the dashboard");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> browser.text("#pub-result").contains("published as #1"));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> browser.text("#recent-publications").contains("demo:admin"));
      await().atMost(Duration.ofSeconds(5)).until(() -> browser.text("#publications").equals("1"));
    }
  }
}
