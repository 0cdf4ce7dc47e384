package io.sinal.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A self-contained HTML page for one or more runs side by side: a table of the figures, latency
 * percentiles as bars and deliveries per 100 ms as lines, drawn as inline SVG (no script, no
 * network).
 */
final class HtmlReport {
  private static final String[] COLORS = {
    "#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2"
  };

  private HtmlReport() {}

  static String render(List<JsonObject> runs) {
    StringBuilder out = new StringBuilder(8192);
    out.append(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sinal bench</title><style>")
        .append(
            "body{font:14px system-ui,sans-serif;margin:2rem;color:#111}table{border-collapse:collapse}")
        .append(
            "td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}")
        .append(
            "svg{border:1px solid #ddd;margin:1rem 1rem 0 0}text{font:11px system-ui,sans-serif}</style></head><body>")
        .append("<h1>Sinal bench</h1><table><tr><th></th>");
    for (int i = 0; i < runs.size(); i++) {
      out.append("<th style=\"color:")
          .append(COLORS[i % COLORS.length])
          .append("\">")
          .append(esc(label(runs.get(i))))
          .append("</th>");
    }
    out.append("</tr>");
    row(
        out,
        runs,
        "subscribers × channels",
        r -> r.getValue("subscribers") + " × " + r.getValue("channels"));
    row(out, runs, "messages @ rate/s", r -> r.getValue("messages") + " @ " + r.getValue("rate"));
    row(out, runs, "connections held", r -> at(r, "connections.held"));
    row(out, runs, "server RSS per connection (B)", r -> at(r, "server.perConnection.rssBytes"));
    row(out, runs, "server heap per connection (B)", r -> at(r, "server.perConnection.heapBytes"));
    row(out, runs, "deliveries/s", r -> at(r, "deliveries.perSecond"));
    row(
        out,
        runs,
        "latency p50 / p90 / p99 / max (ms)",
        r ->
            at(r, "latencyMillis.p50")
                + " / "
                + at(r, "latencyMillis.p90")
                + " / "
                + at(r, "latencyMillis.p99")
                + " / "
                + at(r, "latencyMillis.max"));
    row(
        out,
        runs,
        "lost / duplicated",
        r -> at(r, "deliveries.lost") + " / " + at(r, "deliveries.duplicated"));
    row(out, runs, "HTTP requests per delivery", r -> at(r, "wire.requestsPerDelivery"));
    row(out, runs, "bytes in per delivery", r -> at(r, "wire.bytesInPerDelivery"));
    row(
        out,
        runs,
        "server CPU s (µs per delivery)",
        r -> at(r, "server.cpuSeconds") + " (" + at(r, "server.cpuMicrosPerDelivery") + ")");
    row(out, runs, "load generator CPU s", r -> at(r, "generator.cpuSeconds"));
    out.append("</table>");
    latencyBars(out, runs);
    timeline(out, runs);
    return out.append("</body></html>\n").toString();
  }

  private static String label(JsonObject r) {
    return r.getString("target") + " " + r.getString("transport");
  }

  private static void row(
      StringBuilder out, List<JsonObject> runs, String name, Function<JsonObject, String> value) {
    out.append("<tr><td>").append(esc(name)).append("</td>");
    for (JsonObject r : runs) {
      out.append("<td>").append(esc(value.apply(r))).append("</td>");
    }
    out.append("</tr>");
  }

  /** A dotted path into the report, "–" when absent. */
  static String at(JsonObject r, String path) {
    Object v = r;
    for (String key : path.split("\\.")) {
      v = v instanceof JsonObject o ? o.getValue(key) : null;
    }
    return v == null ? "–" : String.valueOf(v);
  }

  private static void latencyBars(StringBuilder out, List<JsonObject> runs) {
    String[] keys = {"p50", "p90", "p99", "max"};
    double top = 1e-3;
    for (JsonObject r : runs) {
      for (String k : keys) {
        top = Math.max(top, number(r, "latencyMillis." + k));
      }
    }
    int w = 480, h = 220, left = 50, bottom = 20;
    out.append("<svg width=\"")
        .append(w)
        .append("\" height=\"")
        .append(h)
        .append("\"><text x=\"8\" y=\"14\">latency (ms), max ")
        .append(fmt(top))
        .append("</text>");
    double group = (w - left - 10.0) / keys.length;
    double bar = group / (runs.size() + 1);
    for (int k = 0; k < keys.length; k++) {
      out.append("<text x=\"")
          .append(fmt(left + k * group + group / 2 - 10))
          .append("\" y=\"")
          .append(h - 5)
          .append("\">")
          .append(keys[k])
          .append("</text>");
      for (int i = 0; i < runs.size(); i++) {
        double v = number(runs.get(i), "latencyMillis." + keys[k]);
        double bh = (h - bottom - 25) * v / top;
        out.append("<rect x=\"")
            .append(fmt(left + k * group + i * bar))
            .append("\" y=\"")
            .append(fmt(h - bottom - bh))
            .append("\" width=\"")
            .append(fmt(bar - 2))
            .append("\" height=\"")
            .append(fmt(bh))
            .append("\" fill=\"")
            .append(COLORS[i % COLORS.length])
            .append("\"><title>")
            .append(esc(label(runs.get(i))))
            .append(' ')
            .append(keys[k])
            .append(": ")
            .append(fmt(v))
            .append(" ms</title></rect>");
      }
    }
    out.append("</svg>");
  }

  private static void timeline(StringBuilder out, List<JsonObject> runs) {
    int w = 480, h = 220, left = 10, bottom = 20;
    long top = 1;
    int bins = 1;
    for (JsonObject r : runs) {
      JsonArray d =
          r.getJsonObject("timeline", new JsonObject()).getJsonArray("deliveries", new JsonArray());
      bins = Math.max(bins, d.size());
      for (int i = 0; i < d.size(); i++) {
        top = Math.max(top, d.getLong(i));
      }
    }
    out.append("<svg width=\"")
        .append(w)
        .append("\" height=\"")
        .append(h)
        .append("\"><text x=\"8\" y=\"14\">deliveries per 100 ms, max ")
        .append(top)
        .append(", over ")
        .append(fmt(bins / 10.0))
        .append(" s</text>");
    for (int i = 0; i < runs.size(); i++) {
      JsonArray d =
          runs.get(i)
              .getJsonObject("timeline", new JsonObject())
              .getJsonArray("deliveries", new JsonArray());
      StringBuilder points = new StringBuilder();
      for (int b = 0; b < d.size(); b++) {
        points
            .append(fmt(left + (w - left - 10.0) * b / bins))
            .append(',')
            .append(fmt(h - bottom - (h - bottom - 25.0) * d.getLong(b) / top))
            .append(' ');
      }
      out.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"")
          .append(COLORS[i % COLORS.length])
          .append("\" points=\"")
          .append(points)
          .append("\"/>");
    }
    out.append("</svg>");
  }

  private static double number(JsonObject r, String path) {
    try {
      return Double.parseDouble(at(r, path));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
