package io.sinal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.LogCapture;
import io.sinal.testing.RawHttp;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A URI with malformed percent-encoding is a 400 on every route, and its query string never reaches
 * the log.
 */
class MalformedUriTest {
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.SECRET-TOKEN-MUST-NOT-BE-LOGGED";
  private static TestSinal sinal;

  @BeforeAll
  static void start() {
    sinal = TestSinal.start();
  }

  @AfterAll
  static void stop() {
    sinal.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/sse?channel=demo:a&token=" + TOKEN + "&x=%zz",
        "/poll?channel=demo:a&wait=0&token=" + TOKEN + "&x=%zz",
        "/ws?token=" + TOKEN + "&x=%zz",
        "/api/history?channel=demo:a&token=" + TOKEN + "&x=%zz",
        "/api/info?token=" + TOKEN + "&x=%z",
        "/chat?token=" + TOKEN + "&x=%",
        "/index.html?token=" + TOKEN + "&x=%zz",
        "/payments/pix/nope%zz?token=" + TOKEN,
        "/nowhere%zz?token=" + TOKEN
      })
  void badPercentEncodingIsA400AndTheTokenNeverReachesTheLog(String pathAndQuery) {
    try (WsClient bystander = WsClient.connect(sinal);
        LogCapture log = LogCapture.start()) {
      bystander.subscribe("demo:bystander", null);
      String headers =
          (pathAndQuery.startsWith("/ws") ? RawHttp.WEBSOCKET_UPGRADE : "")
              + "Authorization: Bearer "
              + sinal.apiKey()
              + "\r\n";
      RawHttp.Response response =
          RawHttp.get(sinal, "127.0.0.1:" + sinal.port(), pathAndQuery, headers);
      assertThat(response.status()).as(response.body()).isEqualTo(400);
      assertThat(response.errorCode()).isEqualTo(101);
      assertThat(response.json().getJsonObject("error").getString("message"))
          .contains("percent-encoding");
      sinal.publish("demo:bystander", "1");
      assertThat(bystander.nextMessage().getInteger("data"))
          .as("other clients are served")
          .isEqualTo(1);
      assertThat(log.text()).doesNotContain("SECRET-TOKEN");
    }
  }
}
