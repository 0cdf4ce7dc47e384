package io.sinal.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Sinal's {@code /poll} in a loop, each request with the cursor of the last answer: long polling
 * ({@code wait} seconds, asked again at once) or plain polling ({@code wait=0} every {@code
 * interval}).
 */
final class PollSubscriber extends Subscriber {
  private static final byte[] CURSOR = "\"cursor\":\"".getBytes();
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(PollSubscriber.class.getName());
  private static final int MAX_RETRIES = 3;
  private static final long RETRY_AFTER_MILLIS = 500;

  private final Vertx vertx;
  private final HttpClient client;
  private final RequestOptions options;
  private final int waitSeconds;
  private final long intervalMillis;
  private final Promise<Void> ready = Promise.promise();
  private String cursor;
  private int failures;

  /**
   * Number of the poll in flight; an answer to an earlier one, given up by the watchdog, is
   * ignored.
   */
  private long attempts;

  PollSubscriber(
      Tally tally,
      String channel,
      Vertx vertx,
      HttpClient client,
      RequestOptions options,
      int waitSeconds,
      long intervalMillis) {
    super(tally, channel);
    this.vertx = vertx;
    this.client = client;
    this.options = options.setMethod(HttpMethod.GET);
    this.waitSeconds = waitSeconds;
    this.intervalMillis = intervalMillis;
  }

  @Override
  Future<Void> start() {
    poll();
    return ready.future();
  }

  private void poll() {
    if (closed) {
      return;
    }
    // Without a cursor, an immediate answer gives the position to follow from.
    String uri =
        "/poll?channel="
            + enc(channel)
            + "&wait="
            + (cursor == null ? 0 : waitSeconds)
            + (cursor == null ? "" : "&cursor=" + enc(cursor));
    // As a browser client would: a request far past its wait is a dead connection, not a slow
    // answer.
    long timeout = ((cursor == null ? 0 : waitSeconds) + 15) * 1000L;
    // And whatever happens to the request, it is given up after that and asked again: seen here now
    // and
    // then, a first poll that neither answered nor failed (cause not found; the cursor makes a
    // retry safe).
    long attempt = ++attempts;
    long watchdog =
        vertx.setTimer(
            timeout + RETRY_AFTER_MILLIS,
            t -> {
              if (attempt == attempts && !closed) {
                LOG.warning(
                    "bench: a poll of "
                        + channel
                        + " neither answered nor failed in "
                        + timeout
                        + " ms; asking again");
                poll();
              }
            });
    // The connect timeout also bounds the wait for a pooled connection, so a request never sits
    // unsent.
    client
        .request(
            new RequestOptions(options)
                .setURI(uri)
                .setIdleTimeout(timeout)
                .setConnectTimeout(RETRY_AFTER_MILLIS * 20))
        .compose(HttpClientRequest::send)
        .compose(
            response -> {
              tally.requests.increment();
              sent("GET", uri, options.getHost() + ":" + options.getPort());
              receivedHead(response);
              return response.statusCode() != 200
                  ? Future.failedFuture("HTTP " + response.statusCode())
                  : response.body().onSuccess(body -> receivedBody(response, body.length()));
            })
        .onComplete(
            ar -> {
              vertx.cancelTimer(watchdog);
              if (closed || attempt != attempts) {
                return;
              }
              if (ar.failed()) {
                // As a real client does: a failed poll is asked again with the same cursor, which
                // loses nothing.
                if (++failures <= MAX_RETRIES) {
                  vertx.setTimer(RETRY_AFTER_MILLIS, t -> poll());
                } else if (!ready.tryFail(ar.cause())) {
                  lost();
                }
                return;
              }
              failures = 0;
              answered(ar.result());
            });
  }

  private void answered(Buffer body) {
    int at = indexOf(body, CURSOR, 0, body.length());
    if (at < 0) {
      if (!ready.tryFail("no cursor in " + body)) {
        lost();
      }
      return;
    }
    int from = at + CURSOR.length;
    int to = from;
    while (to < body.length() && body.getByte(to) != '"') {
      to++;
    }
    cursor = body.getString(from, to);
    scan(body, 0, at);
    if (!ready.future().isComplete()) {
      tally.connected.increment();
      ready.complete();
    }
    if (intervalMillis > 0) {
      vertx.setTimer(intervalMillis, t -> poll());
    } else {
      poll();
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  void close() {
    closed = true;
  }
}
