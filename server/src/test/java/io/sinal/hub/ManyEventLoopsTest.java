package io.sinal.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sinal.Main;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Machines with more cores than an int (or a long) has bits: every loop still gets its
 * publications.
 */
class ManyEventLoopsTest {
  private static final int LOOPS = 70;

  @Test
  void serverWithSeventyEventLoopsDeliversToSubscribersOnEveryLoop() {
    try (TestSinal sinal =
        TestSinal.start("--event-loops", String.valueOf(LOOPS), "--namespace", "wide")) {
      Map<Integer, WsClient> byLoop = new LinkedHashMap<>();
      List<WsClient> all = new ArrayList<>();
      try {
        // Vert.x hands new connections to the loops in turn; the client id names the loop.
        for (int i = 0; i < 3 * LOOPS && byLoop.size() < LOOPS; i++) {
          WsClient client = WsClient.connect(sinal);
          all.add(client);
          String id = client.call("connect").getJsonObject("result").getString("client");
          if (byLoop.putIfAbsent(Integer.parseInt(id.split("-")[1]), client) == null) {
            client.subscribe("wide:all", null);
          }
        }
        assertThat(byLoop.keySet())
            .as("loops with a subscriber")
            .hasSize(LOOPS)
            .contains(0, 63, 64, LOOPS - 1);

        sinal.publish("wide:all", "\"to every loop\"");
        byLoop
            .values()
            .forEach(c -> assertThat(c.nextMessage().getString("data")).isEqualTo("to every loop"));

        // The loops past the first 64 lose their only subscriber: the others still receive, they do
        // not.
        byLoop.forEach(
            (loop, c) -> {
              if (loop >= 64) {
                assertThat(c.call("unsubscribe", "channel", "wide:all").containsKey("result"))
                    .isTrue();
              }
            });
        sinal.publish("wide:all", "\"to the first 64\"");
        byLoop.forEach(
            (loop, c) -> {
              if (loop < 64) {
                assertThat(c.nextMessage().getString("data")).isEqualTo("to the first 64");
              }
            });
        byLoop.forEach(
            (loop, c) -> {
              if (loop >= 64) {
                c.assertNothingMore(Duration.ofMillis(200));
              }
            });
      } finally {
        all.forEach(WsClient::close);
      }
    }
  }

  @Test
  void eventLoopsAboveTheLimitAreRefusedWithTheFlagInTheMessage() {
    assertThatThrownBy(() -> Main.parse("--event-loops", "1025"))
        .hasMessageContaining("--event-loops must be 0 to 1024, was 1025");
    assertThat(Main.parse("--event-loops", "1024").eventLoops()).isEqualTo(1024);
  }
}
