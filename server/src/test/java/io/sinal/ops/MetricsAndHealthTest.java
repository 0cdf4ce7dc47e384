package io.sinal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.testing.Endpoint;
import io.sinal.testing.ServerProcess;
import io.sinal.testing.SseClient;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetricsAndHealthTest {

  /**
   * The value of one Prometheus sample, e.g. {@code sinal_connections{transport="websocket"}}; -1
   * if absent.
   */
  static double sample(String scrape, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.eE+-]+)$").matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  private static String scrape(TestSinal sinal) {
    HttpResponse<String> response = sinal.api("GET", "/metrics", null);
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @Test
  void countersMoveAsClientsConnectSubscribeAndReceive() {
    try (TestSinal sinal = TestSinal.start()) {
      assertThat(sinal.get("/metrics").statusCode()).as("metrics need the API key").isEqualTo(401);
      String before = scrape(sinal);
      assertThat(sample(before, "sinal_connections{transport=\"websocket\"}")).isEqualTo(0);
      try (WsClient client = WsClient.connect(sinal);
          SseClient sse = SseClient.open(sinal, "channel=demo:metrics-sse", null)) {
        sse.nextPush("connected");
        client.subscribe("demo:metrics", null);
        sinal.publish("demo:metrics", "1");
        sinal.publish("demo:metrics", "2");
        client.messages(2);
        String after = scrape(sinal);
        assertThat(sample(after, "sinal_connections{transport=\"websocket\"}")).isEqualTo(1);
        assertThat(sample(after, "sinal_connections{transport=\"sse\"}")).isEqualTo(1);
        assertThat(sample(after, "sinal_subscriptions"))
            .as("the WebSocket's and the stream's")
            .isEqualTo(2);
        assertThat(sample(after, "sinal_channels")).isEqualTo(2);
        assertThat(sample(after, "sinal_publications_total")).isEqualTo(2);
        assertThat(sample(after, "sinal_deliveries_total")).isEqualTo(2);
        assertThat(sample(after, "sinal_delivery_latency_milliseconds_count"))
            .isGreaterThanOrEqualTo(1);
        assertThat(
                sample(
                    after,
                    "sinal_http_requests_total{method=\"POST\",route=\"/api/publish\",status=\"200\"}"))
            .isEqualTo(2);
        assertThat(
                sample(
                    after,
                    "sinal_http_requests_total{method=\"GET\",route=\"/ws\",status=\"101\"}"))
            .as("an upgrade whose socket left Vert.x is counted")
            .isEqualTo(1);
        assertThat(
                sample(
                    after,
                    "sinal_http_requests_total{method=\"GET\",route=\"/sse\",status=\"200\"}"))
            .as("an event stream whose socket left Vert.x is counted")
            .isEqualTo(1);
        assertThat(after)
            .contains("jvm_memory_used_bytes")
            .contains("jvm_threads_live_threads")
            .contains("jvm_gc_");
      }
      sinal.request("GET", "/api/info", null, "Bearer wrong");
      sinal.get("/poll?wait=0&channel=demo:x&token=forged");
      String last = scrape(sinal);
      assertThat(sample(last, "sinal_auth_failures_total{kind=\"api_key\"}"))
          .isGreaterThanOrEqualTo(2);
      assertThat(sample(last, "sinal_auth_failures_total{kind=\"token\"}")).isEqualTo(1);
      assertThat(sample(last, "sinal_connections{transport=\"websocket\"}")).isEqualTo(0);
    }
  }

  @Test
  void metricsCanBeServedOnTheirOwnPortWithoutAKey() {
    int metricsPort = ServerProcess.freePort();
    try (TestSinal sinal = TestSinal.start("--metrics-port", String.valueOf(metricsPort))) {
      Endpoint metrics = () -> metricsPort;
      HttpResponse<String> response = metrics.get("/metrics");
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("sinal_publications_total");
      assertThat(sinal.api("GET", "/metrics", null).statusCode())
          .as("not on the main port")
          .isEqualTo(404);
      assertThat(metrics.get("/api/info").statusCode())
          .as("nothing else on the metrics port")
          .isEqualTo(404);
    }
  }

  @Test
  void readinessFollowsItsChecksAndLivenessDoesNot() {
    try (TestSinal sinal = TestSinal.start()) {
      AtomicBoolean storeUp = new AtomicBoolean(true);
      sinal
          .sinal()
          .health()
          .register(
              "probe",
              () ->
                  storeUp.get()
                      ? Future.succeededFuture()
                      : Future.failedFuture("connection refused"));
      assertThat(sinal.get("/health/ready").statusCode()).isEqualTo(200);
      storeUp.set(false);
      HttpResponse<String> down = sinal.get("/health/ready");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(down.body()).getJsonObject("checks").getString("probe"))
          .contains("connection refused");
      assertThat(sinal.get("/health/live").statusCode()).isEqualTo(200);
      storeUp.set(true);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> sinal.get("/health/ready").statusCode() == 200);
    }
  }

  @Test
  void adminStatsShowConnectionsTopChannelsPublicationsAndErrors() {
    try (TestSinal sinal = TestSinal.start();
        WsClient a = WsClient.connect(sinal);
        WsClient b = WsClient.connect(sinal)) {
      a.subscribe("demo:busy", null);
      b.subscribe("demo:busy", null);
      b.subscribe("demo:quiet", null);
      sinal.publish("demo:busy", "\"x\"");
      sinal.get("/poll?wait=0&channel=bad%20name");
      JsonObject stats = new JsonObject(sinal.api("GET", "/api/admin/stats", null).body());
      assertThat(stats.getJsonObject("connections").getLong("websocket")).isEqualTo(2);
      assertThat(stats.getJsonArray("topChannels").getJsonObject(0).getString("channel"))
          .isEqualTo("demo:busy");
      assertThat(stats.getJsonArray("topChannels").getJsonObject(0).getInteger("subscribers"))
          .isEqualTo(2);
      assertThat(stats.getJsonArray("recentPublications").getJsonObject(0).getString("channel"))
          .isEqualTo("demo:busy");
      assertThat(stats.getJsonArray("recentErrors").getJsonObject(0).getInteger("status"))
          .isEqualTo(400);
      assertThat(sinal.get("/api/admin/stats").statusCode()).isEqualTo(401);
    }
  }
}
