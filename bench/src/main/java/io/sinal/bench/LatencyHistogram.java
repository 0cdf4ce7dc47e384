package io.sinal.bench;

/**
 * Latencies in microseconds: exact below 1,024 µs, then 64 buckets per power of two (within 1.6%)
 * up to 2^53 µs. About 22 KiB, so one per event loop, merged at the end. Thread-safe (each is
 * written by one loop and read once by the reporter).
 */
final class LatencyHistogram {
  private static final int LINEAR = 1024;
  private static final int SUB_BITS = 6;
  private static final int SUB = 1 << SUB_BITS;

  private final long[] counts = new long[LINEAR + 44 * SUB];
  private long count;
  private long max;

  synchronized void record(long micros) {
    long v = Math.max(0, Math.min(micros, 1L << 53));
    counts[index(v)]++;
    count++;
    max = Math.max(max, v);
  }

  synchronized void add(LatencyHistogram other) {
    synchronized (other) {
      for (int i = 0; i < counts.length; i++) {
        counts[i] += other.counts[i];
      }
      count += other.count;
      max = Math.max(max, other.max);
    }
  }

  synchronized long count() {
    return count;
  }

  synchronized long max() {
    return max;
  }

  /**
   * The smallest recorded value at or above {@code percent} of all (upper end of its bucket); 0
   * when empty.
   */
  synchronized long percentile(double percent) {
    if (count == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(percent / 100 * count));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(max, highest(i));
      }
    }
    return max;
  }

  static int index(long v) {
    if (v < LINEAR) {
      return (int) v;
    }
    int exp = 63 - Long.numberOfLeadingZeros(v);
    int sub = (int) ((v >>> (exp - SUB_BITS)) & (SUB - 1));
    return LINEAR + (exp - 10) * SUB + sub;
  }

  static long highest(int index) {
    if (index < LINEAR) {
      return index;
    }
    int exp = (index - LINEAR) / SUB + 10;
    long sub = (index - LINEAR) % SUB;
    return (1L << exp) + ((sub + 1) << (exp - SUB_BITS)) - 1;
  }
}
