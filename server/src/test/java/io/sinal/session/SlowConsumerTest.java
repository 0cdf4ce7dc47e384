package io.sinal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlowConsumerTest {

  @Test
  void aClientThatStopsReadingIsDroppedInsteadOfGrowingServerMemory() {
    try (TestSinal sinal = TestSinal.start("--max-queued-bytes", "262144");
        WsClient slow = WsClient.connect(sinal);
        WsClient healthy = WsClient.connect(sinal)) {
      slow.subscribe("demo:flood", null);
      healthy.subscribe("demo:flood", null);
      slow.pauseReading();
      String payload = "\"" + "x".repeat(60_000) + "\"";
      int sent = 0;
      // Far more than the socket buffers and the 256 KiB queue can hold; stops as soon as the slow
      // one is dropped.
      while (sent < 400 && sinal.info().getJsonObject("connections").getLong("websocket") == 2) {
        sinal.publish("demo:flood", payload);
        sent++;
        healthy.nextMessage();
      }
      assertThat(sent)
          .as("slow consumer dropped before 400 x 60 KB were published")
          .isLessThan(400);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(sinal.info().getJsonObject("connections").getLong("websocket"))
                      .isEqualTo(1));
      sinal.publish("demo:flood", "\"after\"");
      assertThat(healthy.nextMessage().getString("data")).isEqualTo("after");
    }
  }

  @Test
  void aSlowConsumerDroppedDuringFanOutDoesNotCostTheNextSubscriberItsMessage() {
    // One event loop: both clients are in the same subscriber list, the slow one first.
    try (TestSinal sinal = TestSinal.start("--max-queued-bytes", "262144", "--event-loops", "1");
        WsClient slow = WsClient.connect(sinal);
        WsClient healthy = WsClient.connect(sinal)) {
      slow.subscribe("demo:fan-out", null);
      healthy.subscribe("demo:fan-out", null);
      slow.pauseReading();
      String padding = "x".repeat(60_000);
      for (int i = 1;
          i <= 400 && sinal.info().getJsonObject("connections").getLong("websocket") == 2;
          i++) {
        sinal.publish("demo:fan-out", "{\"n\":" + i + ",\"pad\":\"" + padding + "\"}");
        assertThat(healthy.nextMessage().getJsonObject("data").getInteger("n")).isEqualTo(i);
      }
      assertThat(sinal.info().getJsonObject("connections").getLong("websocket")).isEqualTo(1);
    }
  }
}
