package io.sinal.transport.sse;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.SseClient;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Attacks on the SSE transport, each through the real server, each checking others are still served. */
class SseHardeningTest {
  /** The cursor of issue 12: an epoch holding a whole event, for a channel the request does not subscribe to. */
  private static final String INJECTION = "demo:o~x%0Aevent:%20paid%0Adata:%20%7B%7D%0A%0Aid:%20y~1";

  @Test
  void aCursorCannotInjectAnEventIntoAnSseStream() {
    try (TestSinal sinal = TestSinal.start();
        SseClient healthy = SseClient.open(sinal, "channel=demo:a", null)) {
      healthy.nextPush("connected");
      SseClient attack = SseClient.open(sinal, "channel=demo:a&cursor=" + INJECTION, null);
      assertThat(attack.status()).isEqualTo(400);
      String body = attack.errorBody();
      assertThat(body).doesNotContain("\nevent:");
      assertThat(new JsonObject(body).getJsonObject("error").getInteger("code")).isEqualTo(101);

      HttpResponse<String> poll = sinal.get("/poll?wait=0&channel=demo:a&cursor=" + INJECTION);
      assertThat(poll.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(poll.body()).getJsonObject("error").getInteger("code")).isEqualTo(101);
      try (WsClient ws = WsClient.connect(sinal)) {
        JsonObject reply = ws.call("subscribe", "channel", "demo:a", "cursor", "demo:o~x\nevent: paid\ndata: {}\n\nid: y~1");
        assertThat(reply.getJsonObject("error").getInteger("code")).isEqualTo(101);
      }

      sinal.publish("demo:a", "\"still here\"");
      JsonObject message = healthy.nextMessage();
      assertThat(message.getString("data")).isEqualTo("still here");
      assertThat(message.getString("_event")).isEqualTo("message");
    }
  }
}
