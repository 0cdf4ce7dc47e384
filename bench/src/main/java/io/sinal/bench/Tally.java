package io.sinal.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every subscriber of one run counts, shared across the client event loops: deliveries once
 * and again, requests, latency (one histogram per loop thread), and deliveries per 100 ms for the
 * chart. Times are microseconds since {@link #start}, from the one clock both publisher and
 * subscribers read.
 */
final class Tally {
  static final int TIMELINE_MILLIS = 100;
  private static final int TIMELINE_BINS = 6000;

  final int messages;
  private final long start = System.nanoTime();
  final LongAdder delivered = new LongAdder();
  final LongAdder duplicated = new LongAdder();
  final LongAdder unexpected = new LongAdder();
  final LongAdder requests = new LongAdder();

  /**
   * Bytes received and sent by subscribers: HTTP heads and bodies with chunk framing, WebSocket
   * frames.
   */
  final LongAdder bytesIn = new LongAdder();

  final LongAdder bytesOut = new LongAdder();
  final LongAdder publishErrors = new LongAdder();
  final LongAdder connected = new LongAdder();
  final LongAdder closedByServer = new LongAdder();
  final LongAccumulator lastDelivery = new LongAccumulator(Math::max, 0);
  final AtomicLongArray timeline = new AtomicLongArray(TIMELINE_BINS);

  /** Microseconds of the first publication; the timeline starts there. */
  volatile long publishStart = -1;

  private final List<LatencyHistogram> histograms = new CopyOnWriteArrayList<>();
  private final ThreadLocal<LatencyHistogram> local =
      ThreadLocal.withInitial(
          () -> {
            LatencyHistogram h = new LatencyHistogram();
            histograms.add(h);
            return h;
          });

  Tally(int messages) {
    this.messages = messages;
  }

  long nowMicros() {
    return (System.nanoTime() - start) / 1000;
  }

  /**
   * Message {@code n} (1 to {@link #messages}), published at {@code sentMicros}, reached a
   * subscriber.
   */
  void delivered(long[] seen, long n, long sentMicros) {
    if (n < 1 || n > messages) {
      unexpected.increment();
      return;
    }
    int bit = (int) (n - 1);
    if ((seen[bit >> 6] & (1L << bit)) != 0) {
      duplicated.increment();
      return;
    }
    seen[bit >> 6] |= 1L << bit;
    long now = nowMicros();
    delivered.increment();
    lastDelivery.accumulate(now);
    local.get().record(now - sentMicros);
    long from = publishStart;
    if (from >= 0) {
      int bin = (int) ((now - from) / (TIMELINE_MILLIS * 1000L));
      if (bin >= 0 && bin < TIMELINE_BINS) {
        timeline.incrementAndGet(bin);
      }
    }
  }

  LatencyHistogram latency() {
    LatencyHistogram all = new LatencyHistogram();
    histograms.forEach(all::add);
    return all;
  }

  /** Deliveries per timeline bin, trailing empty bins cut. */
  long[] timeline() {
    int last = 0;
    for (int i = 0; i < TIMELINE_BINS; i++) {
      if (timeline.get(i) > 0) {
        last = i + 1;
      }
    }
    long[] out = new long[last];
    for (int i = 0; i < last; i++) {
      out[i] = timeline.get(i);
    }
    return out;
  }
}
