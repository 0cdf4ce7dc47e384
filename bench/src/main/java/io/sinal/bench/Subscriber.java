package io.sinal.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.util.Map;

/**
 * One simulated client following one channel. It finds every {@code {"n":…,"t":…}} the benchmark
 * published in what it reads — whatever the transport wraps around it — and reports it to the
 * {@link Tally}. Each subscriber lives on one client event loop.
 */
abstract class Subscriber {
  private static final byte[] N = {'"', 'n', '"', ':'};
  private static final byte[] T = {'"', 't', '"', ':'};

  final Tally tally;
  final String channel;
  private final long[] seen;
  boolean closed;

  Subscriber(Tally tally, String channel) {
    this.tally = tally;
    this.channel = channel;
    this.seen = new long[(tally.messages + 63) / 64];
  }

  /** Connects and subscribes; the future completes once publications will reach this subscriber. */
  abstract Future<Void> start();

  abstract void close();

  /** Records every benchmark message in {@code buf[from, to)}; each must be whole. */
  final void scan(Buffer buf, int from, int to) {
    int i = indexOf(buf, N, from, to);
    while (i >= 0) {
      int[] end = {0};
      long n = number(buf, i + N.length, to, end);
      int t = indexOf(buf, T, end[0], to);
      if (t < 0) {
        return;
      }
      long sent = number(buf, t + T.length, to, end);
      delivered(n, sent);
      i = indexOf(buf, N, end[0], to);
    }
  }

  /** The messages this subscriber has not received, for the report of a lossy run. */
  final String missing() {
    StringBuilder out = new StringBuilder();
    for (int n = 1; n <= tally.messages; n++) {
      if ((seen[(n - 1) >> 6] & (1L << (n - 1))) == 0) {
        out.append(out.length() == 0 ? "" : ",").append(n);
      }
    }
    return out.toString();
  }

  /**
   * Counts an HTTP request head as sent: request line, host and the headers the subscriber sets.
   */
  final void sent(String method, String uri, String host, String... headers) {
    int n = method.length() + uri.length() + 12 + 8 + host.length() + 2 + 2;
    for (String h : headers) {
      n += h.length() + 2;
    }
    tally.bytesOut.add(n);
  }

  /** Counts a response head as received: status line, headers, blank line. */
  final void receivedHead(HttpClientResponse response) {
    int n = 13 + response.statusMessage().length() + 2 + 2;
    for (Map.Entry<String, String> h : response.headers()) {
      n += h.getKey().length() + 2 + h.getValue().length() + 2;
    }
    tally.bytesIn.add(n);
  }

  /** Counts one piece of a response body, with its chunk framing when the body is chunked. */
  final void receivedBody(HttpClientResponse response, int length) {
    boolean chunked = "chunked".equalsIgnoreCase(response.getHeader("transfer-encoding"));
    tally.bytesIn.add(length + (chunked ? Integer.toHexString(length).length() + 4 : 0));
  }

  /** Message {@code n}, published at {@code sentMicros}, arrived. */
  final void delivered(long n, long sentMicros) {
    tally.delivered(seen, n, sentMicros);
  }

  /** The server ended the connection. */
  final void lost() {
    if (!closed) {
      closed = true;
      tally.connected.decrement();
      tally.closedByServer.increment();
    }
  }

  static int indexOf(Buffer buf, byte[] what, int from, int to) {
    outer:
    for (int i = from; i <= to - what.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (buf.getByte(i + j) != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static long number(Buffer buf, int from, int to, int[] end) {
    long n = 0;
    int i = from;
    while (i < to && buf.getByte(i) == ' ') {
      i++;
    }
    for (; i < to; i++) {
      byte b = buf.getByte(i);
      if (b < '0' || b > '9') {
        break;
      }
      n = n * 10 + (b - '0');
    }
    end[0] = i;
    return n;
  }
}
