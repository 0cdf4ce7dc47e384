package io.sinal.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The figures of one run, as the JSON written by {@code sinal bench --json} (docs/benchmarks.md).
 */
public record BenchReport(JsonObject json) {

  public long expected() {
    return json.getJsonObject("deliveries").getLong("expected");
  }

  public long delivered() {
    return json.getJsonObject("deliveries").getLong("delivered");
  }

  public long lost() {
    return json.getJsonObject("deliveries").getLong("lost");
  }

  public long duplicated() {
    return json.getJsonObject("deliveries").getLong("duplicated");
  }

  public long held() {
    return json.getJsonObject("connections").getLong("held");
  }

  /** Fills the report phase by phase. */
  static final class Builder {
    private final BenchPlan plan;
    private final JsonObject json = new JsonObject();
    private final JsonObject server = new JsonObject();
    private long held;
    private double serverCpu = -1;
    private double serverSystem = -1;
    private long publishStart;
    private long publishEnd;
    private long deliveryEnd;
    private JsonObject wire;

    Builder(BenchPlan plan) {
      this.plan = plan;
      json.put("target", plan.target().name().toLowerCase().replace('_', '-'))
          .put("transport", plan.transport())
          .put("url", plan.url().toString())
          .put("publishUrl", plan.publishUrl().toString())
          .put("subscribers", plan.subscribers())
          .put("channels", plan.channels())
          .put("messages", plan.messages())
          .put("rate", plan.rate())
          .put("sources", plan.sources())
          .put(
              "pollIntervalMillis",
              plan.transport().equals("poll") ? plan.pollInterval().toMillis() : null)
          .put("java", System.getProperty("java.version"));
      server.put("pid", plan.serverPid());
    }

    void before(ProcessStats.Sample sample) {
      server.put("before", memory(sample));
    }

    void connected(long held, long errors, String firstError, double seconds) {
      this.held = held;
      json.put(
          "connections",
          new JsonObject()
              .put("held", held)
              .put("errors", errors)
              .put("firstError", firstError)
              .put("seconds", round(seconds, 2)));
    }

    void held(ProcessStats.Sample sample) {
      server.put("held", memory(sample));
      JsonObject before = server.getJsonObject("before");
      JsonObject per = new JsonObject();
      if (held > 0 && sample.rssKiB() >= 0) {
        per.put("rssBytes", (sample.rssKiB() - before.getLong("rssKiB")) * 1024 / held);
      }
      if (held > 0 && sample.heapUsedKiB() >= 0 && before.getLong("heapKiB") >= 0) {
        per.put("heapBytes", (sample.heapUsedKiB() - before.getLong("heapKiB")) * 1024 / held);
      }
      server.put("perConnection", per);
    }

    void published(long startMicros, long publishedMicros, long lastDeliveryMicros) {
      publishStart = startMicros;
      publishEnd = publishedMicros;
      deliveryEnd = lastDeliveryMicros;
    }

    /** {@code serverCpu} is user and system seconds while publishing and delivering, or null. */
    void load(
        long requests, long bytesIn, long bytesOut, double[] serverCpu, double selfCpuSeconds) {
      if (serverCpu != null) {
        this.serverCpu = serverCpu[0] + serverCpu[1];
        this.serverSystem = serverCpu[1];
      }
      wire =
          new JsonObject()
              .put("requests", requests)
              .put("bytesIn", bytesIn)
              .put("bytesOut", bytesOut);
      json.put("generator", new JsonObject().put("cpuSeconds", round(selfCpuSeconds, 2)));
      json.put(
          "publish",
          plan.rate() == 0
              ? "as-answered"
              : plan.publish().name().toLowerCase(java.util.Locale.ROOT));
    }

    void deliveries(Tally tally) {
      long delivered = tally.delivered.sum();
      double seconds = (deliveryEnd - publishStart) / 1e6;
      json.put(
          "deliveries",
          new JsonObject()
              .put("expected", plan.expected())
              .put("delivered", delivered)
              .put("lost", plan.expected() - delivered)
              .put("duplicated", tally.duplicated.sum())
              .put("unexpected", tally.unexpected.sum())
              .put("publishErrors", tally.publishErrors.sum())
              .put("closedByServer", tally.closedByServer.sum())
              .put("publishSeconds", round((publishEnd - publishStart) / 1e6, 3))
              .put("seconds", round(seconds, 3))
              .put("perSecond", seconds > 0 ? Math.round(delivered / seconds) : 0));
      LatencyHistogram latency = tally.latency();
      json.put(
          "latencyMillis",
          new JsonObject()
              .put("p50", millis(latency.percentile(50)))
              .put("p90", millis(latency.percentile(90)))
              .put("p99", millis(latency.percentile(99)))
              .put("p999", millis(latency.percentile(99.9)))
              .put("max", millis(latency.max())));
      double per = Math.max(delivered, 1);
      wire.put("requestsPerDelivery", round(wire.getLong("requests") / per, 4))
          .put("bytesInPerDelivery", round(wire.getLong("bytesIn") / per, 1))
          .put("bytesOutPerDelivery", round(wire.getLong("bytesOut") / per, 1));
      json.put("wire", wire);
      if (serverCpu >= 0) {
        server
            .put("cpuSeconds", round(serverCpu, 2))
            .put("cpuSystemSeconds", round(serverSystem, 2))
            .put(
                "cpuMicrosPerDelivery",
                delivered > 0 ? round(serverCpu * 1e6 / delivered, 2) : null);
      }
      JsonArray timeline = new JsonArray();
      for (long n : tally.timeline()) {
        timeline.add(n);
      }
      json.put(
          "timeline",
          new JsonObject().put("binMillis", Tally.TIMELINE_MILLIS).put("deliveries", timeline));
    }

    /**
     * What of the server's CPU while publishing went to its JIT compiler and its GC threads (a
     * JVM), and the GC pauses its log recorded meanwhile (null when no log was given).
     */
    void runtime(double[] jitAndGc, GcLog.Pauses pauses) {
      server
          .put("jitCpuSeconds", round(jitAndGc[0], 2))
          .put("gcThreadCpuSeconds", round(jitAndGc[1], 2));
      if (serverCpu > 0) {
        server.put("jitShare", round(jitAndGc[0] / serverCpu, 3));
      }
      if (pauses != null) {
        server.put(
            "gcPauses",
            new JsonObject()
                .put("count", pauses.count())
                .put("totalMillis", round(pauses.totalMillis(), 2))
                .put("maxMillis", round(pauses.maxMillis(), 2)));
      }
    }

    void after(ProcessStats.Sample sample) {
      server.put("after", memory(sample));
    }

    BenchReport build() {
      json.put("server", server);
      return new BenchReport(json);
    }

    private static JsonObject memory(ProcessStats.Sample s) {
      return new JsonObject().put("rssKiB", s.rssKiB()).put("heapKiB", s.heapUsedKiB());
    }

    private static double millis(long micros) {
      return round(micros / 1000.0, 3);
    }

    private static double round(double v, int digits) {
      double scale = Math.pow(10, digits);
      return Math.round(v * scale) / scale;
    }
  }
}
