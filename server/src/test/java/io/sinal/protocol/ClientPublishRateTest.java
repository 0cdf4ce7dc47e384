package io.sinal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.TestClock;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Client publications over WebSocket are rate-limited per connection ({@code
 * --client-publish-rate}).
 */
class ClientPublishRateTest {
  @Test
  void aClientPublishingFasterThanTheRateIsRefusedAndOthersAreNot() {
    TestClock clock = new TestClock();
    try (TestSinal sinal = TestSinal.startWithClock(clock, "--client-publish-rate", "5");
        WsClient watcher = WsClient.connect(sinal);
        WsClient flooder = WsClient.connect(sinal);
        WsClient other = WsClient.connect(sinal)) {
      watcher.subscribe("demo:room", null);
      for (int i = 1; i <= 10; i++) {
        assertThat(publish(flooder, i).containsKey("result"))
            .as("publication %d of the burst", i)
            .isTrue();
      }
      JsonObject refused = publish(flooder, 11).getJsonObject("error");
      assertThat(refused.getInteger("code")).isEqualTo(108);
      assertThat(refused.getString("message"))
          .contains("5 publications per second")
          .contains("bursts of 10")
          .contains("not published");
      // The connection stays open, and another connection has its own allowance.
      assertThat(flooder.call("ping").containsKey("result")).isTrue();
      assertThat(publish(other, 100).containsKey("result")).isTrue();

      clock.advance(Duration.ofMillis(200)); // one publication's worth at 5 per second
      assertThat(publish(flooder, 12).containsKey("result")).isTrue();
      assertThat(publish(flooder, 13).containsKey("error")).isTrue();

      assertThat(watcher.messages(12))
          .extracting(m -> m.getInteger("data"))
          .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100, 12);
      watcher.assertNothingMore(Duration.ofMillis(300));
      assertThat(sinal.api("GET", "/metrics", null).body())
          .contains("sinal_refusals_total{limit=\"client_publish_rate\"} 2.0");
    }
  }

  @Test
  void aQuietConnectionSavesUpOneBurstAndNoMore() {
    TestClock clock = new TestClock();
    try (TestSinal sinal = TestSinal.startWithClock(clock, "--client-publish-rate", "5");
        WsClient client = WsClient.connect(sinal)) {
      clock.advance(Duration.ofHours(1));
      for (int i = 1; i <= 10; i++) {
        assertThat(publish(client, i).containsKey("result")).isTrue();
      }
      assertThat(publish(client, 11).getJsonObject("error").getInteger("code")).isEqualTo(108);
    }
  }

  private static JsonObject publish(WsClient client, int n) {
    return client.call("publish", "channel", "demo:room", "data", n);
  }
}
