package io.sinal.transport.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.testing.TestSinal;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Long polls over one raw keep-alive socket, as a browser's connection pool would reuse it: a poll
 * answered at once or within its first two seconds keeps the connection; a poll that waited longer
 * (its socket then taken over from Vert.x) answers with the message and closes it.
 */
class LongPollTest {
  private static final long LEAN_AFTER = PollExchange.LEAN_AFTER_MILLIS;
  private static TestSinal sinal;

  @BeforeAll
  static void start() {
    sinal = TestSinal.start();
  }

  @AfterAll
  static void stop() {
    sinal.close();
  }

  @Test
  void pollsAnsweredSoonKeepTheConnectionAndOneThatWaitedLongAnswersWhenAMessageComesThenCloses()
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", sinal.port())) {
      socket.setSoTimeout(10_000);
      Response first = send(socket, "/poll?channel=demo:lp-raw&wait=0", 0);
      assertThat(first.status).isEqualTo(200);
      assertThat(first.headers).doesNotContainKey("connection");
      String cursor = new JsonObject(first.body).getString("cursor");

      // Same socket: a message comes while this poll waits, well within its first two seconds.
      Response soon =
          send(socket, "/poll?channel=demo:lp-raw&wait=20&cursor=" + encode(cursor), 200);
      assertThat(soon.headers).doesNotContainKey("connection");
      assertThat(messages(soon)).containsExactly(1);
      cursor = new JsonObject(soon.body).getString("cursor");

      // Same socket again: this one waits past the take-over before the message comes.
      Response late =
          send(
              socket,
              "/poll?channel=demo:lp-raw&wait=20&cursor=" + encode(cursor),
              LEAN_AFTER + 500);
      assertThat(late.status).isEqualTo(200);
      assertThat(late.headers)
          .containsEntry("connection", "close")
          .containsEntry("content-type", "application/json")
          .containsKey("x-request-id");
      assertThat(messages(late)).containsExactly(2);
      assertThat(new JsonObject(late.body).getString("cursor")).endsWith("~2");
      assertThat(socket.getInputStream().read())
          .as("the server closed the connection")
          .isEqualTo(-1);
    }
  }

  @Test
  void aLongWaitThatEndsEmptyAnswersWithTheSameCursorAndIsCountedInTheMetrics() throws IOException {
    double counted = pollRequestsCounted();
    try (Socket socket = new Socket("127.0.0.1", sinal.port())) {
      socket.setSoTimeout(10_000);
      Response answer = send(socket, "/poll?channel=demo:lp-empty&wait=3", -1);
      assertThat(answer.status).isEqualTo(200);
      assertThat(answer.headers).containsEntry("connection", "close");
      assertThat(new JsonObject(answer.body).getJsonArray("messages")).isEmpty();
      assertThat(new JsonObject(answer.body).getString("cursor"))
          .startsWith("demo:lp-empty~")
          .endsWith("~0");
    }
    assertThat(pollRequestsCounted())
        .as("a poll whose socket left Vert.x still counts")
        .isEqualTo(counted + 1);
  }

  private static double pollRequestsCounted() {
    Matcher m =
        Pattern.compile(
                "(?m)^sinal_http_requests_total\\{method=\"GET\",route=\"/poll\",status=\"200\"} (\\S+)$")
            .matcher(sinal.api("GET", "/metrics", null).body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void aClientThatGoesAwayWhileWaitingLeavesNoSessionBehindBeforeOrAfterTheTakeOver()
      throws Exception {
    for (long waited : new long[] {0, LEAN_AFTER + 500}) {
      long before = waitingPolls();
      try (Socket socket = new Socket("127.0.0.1", sinal.port())) {
        OutputStream out = socket.getOutputStream();
        out.write(
            ("GET /poll?channel=demo:lp-gone&wait=30 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        await().atMost(Duration.ofSeconds(5)).until(() -> waitingPolls() == before + 1);
        Thread.sleep(waited);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> waitingPolls() == before);
    }
  }

  @Test
  void aServerThatStopsAnswersAPollWaitingOutsideVertxAtOnce() throws Exception {
    try (TestSinal stopping = TestSinal.start("--drain-jitter", "1");
        Socket socket = new Socket("127.0.0.1", stopping.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /poll?channel=demo:lp-stop&wait=30 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(LEAN_AFTER + 500);
      long stopAt = System.nanoTime();
      Thread stopper = new Thread(stopping::stop);
      stopper.start();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(Duration.ofNanos(System.nanoTime() - stopAt))
          .as("answered by the drain, not the 30 s wait")
          .isLessThan(Duration.ofSeconds(8));
      assertThat(answer)
          .startsWith("HTTP/1.1 200 OK")
          .contains("Connection: close")
          .contains("\"messages\":[]")
          .contains("\"cursor\":\"demo:lp-stop~");
      stopper.join(15_000);
    }
  }

  private static String encode(String cursor) {
    return URLEncoder.encode(cursor, StandardCharsets.UTF_8);
  }

  private static List<Integer> messages(Response response) {
    return new JsonObject(response.body)
        .getJsonArray("messages").stream()
            .map(m -> ((JsonObject) m).getJsonObject("data").getInteger("n"))
            .toList();
  }

  private static long waitingPolls() {
    return sinal.info().getJsonObject("connections").getLong("poll");
  }

  private record Response(int status, Map<String, String> headers, String body) {}

  private static int published;

  /**
   * Writes a GET; unless {@code publishAfterMillis} is negative, publishes the next {@code {"n":…}}
   * to the channel that long after; then reads one response with a Content-Length body.
   */
  private static Response send(Socket socket, String path, long publishAfterMillis)
      throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    if (publishAfterMillis > 0) {
      try {
        Thread.sleep(publishAfterMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sinal.publish("demo:lp-raw", "{\"n\":" + (++published) + "}");
    }
    InputStream in = socket.getInputStream();
    String statusLine = line(in);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(
          header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          header.substring(colon + 1).trim());
    }
    byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    return new Response(
        Integer.parseInt(statusLine.split(" ")[1]),
        headers,
        new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed mid-response");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
