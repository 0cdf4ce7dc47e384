package io.sinal.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * An event-stream subscriber: Sinal's {@code /sse}, or Nchan's {@code /sub} asked for
 * text/event-stream.
 */
final class SseSubscriber extends Subscriber {
  private static final byte[] EVENT_END = {'\n', '\n'};
  private static final byte[] CONNECTED = "event: connected".getBytes();

  private final HttpClient client;
  private final RequestOptions options;
  private final boolean sinal;
  private HttpClientResponse response;

  /** The start of an event whose end has not arrived yet. */
  private Buffer partial;

  SseSubscriber(
      Tally tally, String channel, HttpClient client, RequestOptions options, boolean sinal) {
    super(tally, channel);
    this.client = client;
    this.options = options.setMethod(HttpMethod.GET).addHeader("Accept", "text/event-stream");
    this.sinal = sinal;
  }

  @Override
  Future<Void> start() {
    Promise<Void> ready = Promise.promise();
    client
        .request(options)
        .compose(HttpClientRequest::send)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                ready.fail(ar.cause());
                return;
              }
              response = ar.result();
              tally.requests.increment();
              sent(
                  "GET",
                  options.getURI(),
                  options.getHost() + ":" + options.getPort(),
                  "accept: text/event-stream");
              receivedHead(response);
              if (response.statusCode() != 200) {
                ready.fail("HTTP " + response.statusCode());
                response.request().connection().close();
                return;
              }
              tally.connected.increment();
              response.handler(buf -> received(buf, ready));
              response.endHandler(v -> lost());
              response.exceptionHandler(e -> lost());
              if (!sinal) {
                ready.complete();
              }
              if (closed) {
                close();
              }
            });
    return ready.future();
  }

  private void received(Buffer chunk, Promise<Void> ready) {
    receivedBody(response, chunk.length());
    Buffer data = partial == null ? chunk : partial.appendBuffer(chunk);
    int end = lastIndexOf(data, data.length());
    if (end < 0) {
      partial = partial == null ? chunk.copy() : data;
      return;
    }
    if (!ready.future().isComplete() && indexOf(data, CONNECTED, 0, end) >= 0) {
      ready.complete();
    }
    scan(data, 0, end);
    partial = end + 2 < data.length() ? data.getBuffer(end + 2, data.length()) : null;
  }

  private static int lastIndexOf(Buffer data, int to) {
    for (int i = to - 2; i >= 0; i--) {
      if (data.getByte(i) == EVENT_END[0] && data.getByte(i + 1) == EVENT_END[1]) {
        return i;
      }
    }
    return -1;
  }

  @Override
  void close() {
    closed = true;
    if (response != null) {
      response.request().connection().close();
    }
  }
}
