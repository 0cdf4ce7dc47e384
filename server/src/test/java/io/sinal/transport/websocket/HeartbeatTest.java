package io.sinal.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.testing.RawHttp;
import io.sinal.testing.RawWebSocket;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

  @Test
  void everyHeartbeatIsAPingAndAPushThatPageCodeCanSee() {
    try (TestSinal sinal = TestSinal.start("--heartbeat", "1");
        RawWebSocket socket = RawWebSocket.open(sinal)) {
      socket.send(
          RawWebSocket.TEXT, "{\"id\":1,\"cmd\":\"connect\"}".getBytes(StandardCharsets.UTF_8));
      JsonObject connected = new JsonObject(socket.read().text());
      assertThat(connected.getJsonObject("result").getLong("heartbeat")).isEqualTo(1000);
      // Browsers answer the ping by themselves without telling the page; the push is what a page
      // sees.
      RawWebSocket.Frame ping = socket.read();
      assertThat(ping.opcode()).isEqualTo(RawWebSocket.PING);
      RawWebSocket.Frame push = socket.read();
      assertThat(push.opcode()).isEqualTo(RawWebSocket.TEXT);
      assertThat(new JsonObject(push.text()).getString("push")).isEqualTo("ping");
    }
  }

  @Test
  void anSseStreamNamesItsHeartbeatAndSendsCommentsThatOften() throws Exception {
    try (TestSinal sinal = TestSinal.start("--heartbeat", "1");
        RawHttp http = RawHttp.connect(sinal)) {
      http.send("GET /sse?channel=demo:beat HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assertThat(http.read().status()).isEqualTo(200);
      String stream = http.readUntil(": ping\n");
      assertThat(stream).contains("\"heartbeat\":1000");
    }
  }

  @Test
  void aPeerThatNeverAnswersIsDroppedWhileALiveOneStays() throws Exception {
    try (TestSinal sinal = TestSinal.start("--heartbeat", "1");
        WsClient live = WsClient.connect(sinal);
        Socket dead = new Socket("127.0.0.1", sinal.port())) {
      // A WebSocket handshake by hand, then silence: no pongs, no frames — a peer that went away.
      OutputStream out = dead.getOutputStream();
      out.write(
          ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = dead.getInputStream();
      byte[] head = new byte[12];
      assertThat(in.readNBytes(head, 0, 12)).isEqualTo(12);
      assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
      await()
          .atMost(Duration.ofSeconds(3))
          .until(() -> sinal.info().getJsonObject("connections").getLong("websocket") == 2);
      await()
          .atMost(Duration.ofSeconds(8))
          .until(() -> sinal.info().getJsonObject("connections").getLong("websocket") == 1);
      assertThat(live.isClosed()).isFalse();
      assertThat(live.call("ping").containsKey("result")).isTrue();
    }
  }
}
