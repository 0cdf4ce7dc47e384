package io.sinal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.RawHttp;
import io.sinal.testing.SseClient;
import io.sinal.testing.TestSinal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The longest request the limits allow works on every transport: 128 channels (the default
 * --max-subscriptions) of 255-character names, whose URL with its cursor is about 70 KB; and what
 * is longer than the HTTP limits is refused with the JSON error body.
 */
class LongRequestTest {
  private static TestSinal sinal;
  private static final List<String> CHANNELS = new ArrayList<>();

  @BeforeAll
  static void start() {
    sinal = TestSinal.start();
    for (int i = 0; i < 128; i++) {
      String name = String.format("demo:%03d#", i);
      CHANNELS.add(name + "x".repeat(255 - name.length()));
    }
  }

  @AfterAll
  static void stop() {
    sinal.close();
  }

  private static String channelsQuery() {
    return CHANNELS.stream()
        .map(c -> "channel=" + URLEncoder.encode(c, StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** The cursor of every channel now, as a first poll tells it. */
  private static String currentCursor() {
    HttpResponse<String> first = sinal.get("/poll?wait=0&" + channelsQuery());
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    String cursor = new JsonObject(first.body()).getString("cursor");
    assertThat(cursor.split(",")).hasSize(128);
    return cursor;
  }

  private static String withCursor(String cursor) {
    return channelsQuery() + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
  }

  @Test
  void aLongPollOn128ChannelsOfTheLongestNamesWorksWithItsFullCursorInTheUrl() {
    String cursor = currentCursor();
    String last = CHANNELS.get(127);
    sinal.publish(last, "\"after the cursor\"");
    String query = withCursor(cursor);
    assertThat(query.length())
        .as("the URL is far past the old 4 KiB line limit")
        .isGreaterThan(64 * 1024);
    HttpResponse<String> poll = sinal.get("/poll?wait=5&" + query);
    assertThat(poll.statusCode()).as(poll.body()).isEqualTo(200);
    JsonArray messages = new JsonObject(poll.body()).getJsonArray("messages");
    assertThat(messages).hasSize(1);
    assertThat(messages.getJsonObject(0).getString("channel")).isEqualTo(last);
  }

  @Test
  void anSseStreamOn128ChannelsResumesFromItsFullCursorInTheUrl() {
    String cursor = currentCursor();
    sinal.publish(CHANNELS.get(5), "\"missed\"");
    try (SseClient sse = SseClient.open(sinal, withCursor(cursor), null)) {
      assertThat(sse.status()).isEqualTo(200);
      JsonObject missed = sse.nextMessage();
      assertThat(missed.getString("channel")).isEqualTo(CHANNELS.get(5));
      assertThat(missed.getString("_id").split(","))
          .as("the event id is the whole cursor")
          .hasSize(128);
    }
  }

  @Test
  void anSseStreamOn128ChannelsResumesFromItsFullCursorInLastEventId() {
    String cursor = currentCursor();
    sinal.publish(CHANNELS.get(64), "\"missed\"");
    assertThat(cursor.length())
        .as("a Last-Event-ID past the old 8 KiB header limit")
        .isGreaterThan(32 * 1024);
    try (SseClient sse = SseClient.open(sinal, channelsQuery(), cursor)) {
      assertThat(sse.status()).isEqualTo(200);
      assertThat(sse.nextMessage().getString("channel")).isEqualTo(CHANNELS.get(64));
    }
  }

  @Test
  void aRequestLineOverTheLimitGets414WithAJsonBody() {
    RawHttp.Response response =
        RawHttp.get(sinal, "127.0.0.1", "/poll?channel=demo:a&x=" + "a".repeat(300 * 1024), "");
    assertThat(response.status()).isEqualTo(414);
    assertThat(response.headers().get("content-type")).isEqualTo("application/json");
    assertThat(response.errorCode()).isEqualTo(107);
    assertThat(response.json().getJsonObject("error").getString("message")).contains("262144");
    assertThat(sinal.get("/health/live").statusCode()).isEqualTo(200);
  }

  @Test
  void headersOverTheLimitGet431WithAJsonBody() {
    RawHttp.Response response =
        RawHttp.get(
            sinal, "127.0.0.1", "/poll?channel=demo:a", "X-Big: " + "a".repeat(70 * 1024) + "\r\n");
    assertThat(response.status()).isEqualTo(431);
    assertThat(response.errorCode()).isEqualTo(107);
    assertThat(response.json().getJsonObject("error").getString("message")).contains("65536");
  }

  @Test
  void aRequestThatIsNotHttpGets400WithAJsonBody() {
    RawHttp.Response response =
        RawHttp.get(sinal, "127.0.0.1", "/poll?channel=demo:a", "this is not a header\r\n");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.errorCode()).isEqualTo(101);
  }
}
