package io.sinal.bench;

import io.sinal.bench.BenchPlan.Target;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes {@code messages} rounds at {@code rate}, each round one message {@code
 * {"n":round,"t":µs}} on every channel, the way the target takes it: Sinal's {@code /api/publish}
 * (or {@code /api/broadcast} for many channels), or the peers' {@code POST /pub?id=<channel>}.
 */
final class Publisher {
  /** Sinal's /api/broadcast takes at most this many channels per request. */
  private static final int BROADCAST_BATCH = 1000;

  private final Vertx vertx;
  private final BenchPlan plan;
  private final Tally tally;
  private final HttpClient client;
  private final Promise<Void> done = Promise.promise();
  private long startMicros;
  private int started;
  private int finished;

  /** The closed load model: one round in flight (see {@link BenchPlan.Publish}). */
  private final boolean closed;

  Publisher(Vertx vertx, BenchPlan plan, Tally tally) {
    this.vertx = vertx;
    this.plan = plan;
    this.tally = tally;
    this.closed = plan.publish() == BenchPlan.Publish.CLOSED;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost(plan.publishUrl().getHost())
                .setDefaultPort(plan.publishUrl().getPort())
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(16));
  }

  /** Completes once every round is answered; runs on the publisher's own event loop. */
  Future<Void> run() {
    if (plan.messages() == 0) {
      return Future.succeededFuture();
    }
    vertx.runOnContext(
        v -> {
          startMicros = tally.nowMicros();
          tally.publishStart = startMicros;
          next();
        });
    return done.future();
  }

  private void next() {
    int round = ++started;
    Future.join(round(round))
        .onComplete(
            ar -> {
              if (++finished == plan.messages()) {
                done.complete();
              } else if (plan.rate() == 0) {
                next();
              } else if (closed) {
                schedule(round); // answered: the next round goes now, or when it is due
              }
            });
    if (plan.rate() > 0 && !closed && round < plan.messages()) {
      schedule(round);
    }
  }

  /** Round {@code round + 1} at its place in the schedule, or at once when that is past. */
  private void schedule(int round) {
    long due = startMicros + (long) (round * 1e6 / plan.rate());
    long delayMillis = (due - tally.nowMicros()) / 1000;
    if (delayMillis >= 1) {
      vertx.setTimer(delayMillis, t -> next());
    } else {
      vertx.runOnContext(v -> next());
    }
  }

  private List<Future<Void>> round(int n) {
    String data = "{\"n\":" + n + ",\"t\":" + tally.nowMicros() + "}";
    List<Future<Void>> sent = new ArrayList<>();
    if (plan.target() == Target.SINAL && plan.channels() == 1) {
      String body = "{\"channel\":\"" + plan.channel(0) + "\",\"data\":" + data + "}";
      sent.add(post("/api/publish", body, 1));
    } else if (plan.target() == Target.SINAL) {
      for (int from = 0; from < plan.channels(); from += BROADCAST_BATCH) {
        JsonArray names = new JsonArray();
        for (int i = from; i < Math.min(plan.channels(), from + BROADCAST_BATCH); i++) {
          names.add(plan.channel(i));
        }
        String body = new JsonObject().put("channels", names).encode();
        body = body.substring(0, body.length() - 1) + ",\"data\":" + data + "}";
        sent.add(post("/api/broadcast", body, names.size()));
      }
    } else {
      for (int i = 0; i < plan.channels(); i++) {
        sent.add(
            post("/pub?id=" + URLEncoder.encode(plan.channel(i), StandardCharsets.UTF_8), data, 1));
      }
    }
    return sent;
  }

  /** One request; every channel it names counts as a publish error when it is refused. */
  private Future<Void> post(String uri, String body, int channels) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setURI(uri)
            .addHeader("content-type", "application/json");
    if (plan.target() == Target.SINAL) {
      options.addHeader("Authorization", "Bearer " + plan.apiKey());
    }
    return client
        .request(options)
        .compose(request -> request.send(Buffer.buffer(body)))
        .compose(
            response ->
                response
                    .body()
                    .map(
                        answer -> {
                          if (response.statusCode() / 100 != 2) {
                            tally.publishErrors.add(channels);
                          } else if (uri.startsWith("/api/broadcast")) {
                            tally.publishErrors.add(count(answer.toString(), "\"error\""));
                          }
                          return (Void) null;
                        }))
        .recover(
            e -> {
              tally.publishErrors.add(channels);
              return Future.succeededFuture();
            });
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  Future<Void> close() {
    return client.close();
  }
}
