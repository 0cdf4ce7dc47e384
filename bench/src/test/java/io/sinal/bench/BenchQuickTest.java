package io.sinal.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.TestSinal;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code sinal bench --quick} against a real server, per transport: a check of correctness, not of
 * speed.
 */
class BenchQuickTest {
  private static TestSinal sinal;
  private static Path out;

  @BeforeAll
  static void start() throws Exception {
    sinal = TestSinal.start("--namespace", "bench");
    out = Files.createTempDirectory("sinal-bench");
  }

  @AfterAll
  static void stop() {
    if (sinal != null) {
      sinal.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ws", "sse", "longpoll", "poll"})
  void quickRunDeliversEveryMessageOnceAndReportsSaneFigures(String transport) throws Exception {
    BenchPlan plan =
        BenchCommand.plan(
            "--quick",
            "--url",
            sinal.baseUrl(),
            "--api-key",
            sinal.apiKey(),
            "--transport",
            transport,
            "--subscribers",
            "60",
            "--channels",
            "3",
            "--messages",
            "30",
            "--rate",
            "100",
            "--poll-interval",
            "200",
            // The server runs in this JVM: measure it, without the full GCs of the heap reading.
            "--server-pid",
            Long.toString(ProcessHandle.current().pid()),
            "--no-heap",
            "--json",
            out.resolve(transport + ".json").toString(),
            "--html",
            out.resolve(transport + ".html").toString());

    BenchReport report = Bench.run(plan);
    JsonObject json = report.json();

    assertThat(report.held()).as(json.encodePrettily()).isEqualTo(60);
    assertThat(report.expected()).isEqualTo(60 * 30);
    assertThat(report.delivered()).as(json.encodePrettily()).isEqualTo(report.expected());
    assertThat(report.lost()).isZero();
    assertThat(report.duplicated()).isZero();
    assertThat(json.getJsonObject("deliveries").getLong("unexpected")).isZero();
    assertThat(json.getJsonObject("deliveries").getLong("publishErrors")).isZero();
    JsonObject latency = json.getJsonObject("latencyMillis");
    assertThat(latency.getDouble("p50")).isPositive().isLessThanOrEqualTo(latency.getDouble("p99"));
    assertThat(latency.getDouble("p99")).isLessThanOrEqualTo(latency.getDouble("max"));
    JsonObject wire = json.getJsonObject("wire");
    assertThat(wire.getDouble("bytesInPerDelivery")).as(wire.encode()).isGreaterThan(10);
    if (transport.equals("ws") || transport.equals("sse")) {
      // One lasting request per subscriber, made before publishing: none while messages flow.
      assertThat(wire.getLong("requests")).as(wire.encode()).isZero();
    } else {
      assertThat(wire.getDouble("requestsPerDelivery")).as(wire.encode()).isPositive();
    }
    assertThat(json.getJsonObject("server").getJsonObject("held").getLong("rssKiB")).isPositive();
    assertThat(json.getJsonObject("server").getDouble("cpuSeconds")).isGreaterThanOrEqualTo(0);
    assertThat(json.getJsonObject("deliveries").getLong("perSecond")).isPositive();
  }
}
