package io.sinal.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.testing.RawHttp;
import io.sinal.testing.RawWebSocket;
import io.sinal.testing.RawWebSocket.Frame;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the WebSocket transport, each through the real server, each checking others are still
 * served.
 */
class WebSocketHardeningTest {
  private static final Pattern SLOW_CONSUMERS =
      Pattern.compile(
          "(?m)^sinal_disconnects_total\\{[^}]*reason=\"slow_consumer\"[^}]*} ([0-9.eE+]+)$");

  private static long websockets(TestSinal sinal) {
    return sinal.info().getJsonObject("connections").getLong("websocket");
  }

  private static long slowConsumers(TestSinal sinal) {
    Matcher m = SLOW_CONSUMERS.matcher(sinal.api("GET", "/metrics", null).body());
    assertThat(m.find()).as("slow consumer counter in /metrics").isTrue();
    return (long) Double.parseDouble(m.group(1));
  }

  private static void stillServes(TestSinal sinal, WsClient healthy, String channel) {
    sinal.publish(channel, "\"still here\"");
    assertThat(healthy.nextMessage().getString("data")).isEqualTo("still here");
    assertThat(healthy.call("ping").containsKey("result")).isTrue();
  }

  @Test
  void pingFloodFromAClientThatNeverReadsStaysBounded() {
    try (TestSinal sinal = TestSinal.start("--max-queued-bytes", "65536");
        WsClient healthy = WsClient.connect(sinal);
        RawWebSocket flooder = RawWebSocket.open(sinal, 4096)) {
      healthy.subscribe("demo:ping-flood", null);
      await().atMost(Duration.ofSeconds(5)).until(() -> websockets(sinal) == 2);
      long slowBefore = slowConsumers(sinal);
      ByteArrayOutputStream burst = new ByteArrayOutputStream();
      byte[] payload = new byte[125];
      for (int i = 0; i < 1000; i++) {
        burst.writeBytes(RawWebSocket.frame(RawWebSocket.PING, payload));
      }
      byte[] pings = burst.toByteArray();
      // Every pong the server queued would stay in its memory: 64 MiB of them is far over any
      // budget.
      long limit = 64L << 20;
      long written = 0;
      while (written < limit && flooder.write(pings)) {
        written += pings.length;
        if (written % (8 * pings.length) == 0 && websockets(sinal) == 1) {
          break;
        }
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> websockets(sinal) == 1);
      assertThat(written).as("bytes of pings before the flooder was dropped").isLessThan(limit);
      assertThat(slowConsumers(sinal)).isEqualTo(slowBefore + 1);
      stillServes(sinal, healthy, "demo:ping-flood");
    }
  }

  @Test
  void aClientThatPingsAndReadsGetsEveryPong() {
    try (TestSinal sinal = TestSinal.start("--max-queued-bytes", "65536");
        RawWebSocket pinger = RawWebSocket.open(sinal)) {
      for (int round = 0; round < 20; round++) {
        for (int i = 0; i < 100; i++) {
          assertThat(
                  pinger.send(
                      RawWebSocket.PING,
                      ("ping " + round + "-" + i).getBytes(StandardCharsets.UTF_8)))
              .isTrue();
        }
        for (int i = 0; i < 100; i++) {
          Frame pong = pinger.read();
          assertThat(pong).isNotNull();
          assertThat(pong.opcode()).isEqualTo(RawWebSocket.PONG);
          assertThat(pong.text()).isEqualTo("ping " + round + "-" + i);
        }
      }
      assertThat(websockets(sinal)).isEqualTo(1);
    }
  }

  /**
   * Sends {@code frame} and expects a close frame with {@code code}, then the end of the
   * connection.
   */
  private static void refusedWithCloseCode(byte[] frame, int code) {
    try (TestSinal sinal = TestSinal.start("--max-message-size", "1024");
        WsClient healthy = WsClient.connect(sinal);
        RawWebSocket raw = RawWebSocket.open(sinal)) {
      healthy.subscribe("demo:frames", null);
      raw.write(frame);
      Frame close = raw.readUntilClose();
      assertThat(close).as("a close frame before the connection ends").isNotNull();
      assertThat(close.closeCode()).isEqualTo(code);
      assertThat(raw.endsAfterClose()).isTrue();
      await().atMost(Duration.ofSeconds(5)).until(() -> websockets(sinal) == 1);
      stillServes(sinal, healthy, "demo:frames");
    }
  }

  @Test
  void anOversizeFrameGetsCloseCode1009BeforeTheConnectionEnds() {
    // The frame limit is 2 x 1024 + 4096 bytes.
    byte[] big = new byte[7000];
    Arrays.fill(big, (byte) 'x');
    refusedWithCloseCode(RawWebSocket.frame(RawWebSocket.TEXT, big), 1009);
  }

  @Test
  void anOversizeMessageInFragmentsGetsCloseCode1009() {
    byte[] part = new byte[4000];
    Arrays.fill(part, (byte) 'x');
    ByteArrayOutputStream fragments = new ByteArrayOutputStream();
    fragments.writeBytes(RawWebSocket.frame(RawWebSocket.TEXT, false, 0, true, part));
    fragments.writeBytes(RawWebSocket.frame(0x0, true, 0, true, part));
    refusedWithCloseCode(fragments.toByteArray(), 1009);
  }

  @Test
  void anUnmaskedFrameGetsCloseCode1002() {
    refusedWithCloseCode(
        RawWebSocket.frame(
            RawWebSocket.TEXT, true, 0, false, "{}".getBytes(StandardCharsets.UTF_8)),
        1002);
  }

  @Test
  void aFrameWithReservedBitsGetsCloseCode1002() {
    refusedWithCloseCode(
        RawWebSocket.frame(RawWebSocket.TEXT, true, 4, true, "{}".getBytes(StandardCharsets.UTF_8)),
        1002);
  }

  @Test
  void aTextFrameThatIsNotUtf8GetsCloseCode1007() {
    refusedWithCloseCode(
        RawWebSocket.frame(RawWebSocket.TEXT, new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'}),
        1007);
  }

  @Test
  void aHandshakeOfAnotherVersionGets426NamingOursAndOneWithoutKeyGets400() {
    try (TestSinal sinal = TestSinal.start();
        WsClient healthy = WsClient.connect(sinal)) {
      healthy.subscribe("demo:handshakes", null);
      RawHttp.Response version8 =
          RawHttp.get(
              sinal,
              "localhost",
              "/ws",
              RawHttp.WEBSOCKET_UPGRADE.replace("Version: 13", "Version: 8"));
      assertThat(version8.status()).isEqualTo(426);
      assertThat(version8.header("Sec-WebSocket-Version")).isEqualTo("13");
      RawHttp.Response keyless =
          RawHttp.get(
              sinal,
              "localhost",
              "/ws",
              RawHttp.WEBSOCKET_UPGRADE.replaceAll("Sec-WebSocket-Key: [^\r]*\r\n", ""));
      assertThat(keyless.status()).isEqualTo(400);
      stillServes(sinal, healthy, "demo:handshakes");
    }
  }
}
