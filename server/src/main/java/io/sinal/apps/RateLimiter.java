package io.sinal.apps;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key (a user, an address): {@code capacity} at once, then refilled at {@code
 * capacity} per {@code window}. A take may ask for many tokens at once (bytes of an upload). Shared
 * by every event loop, hence the concurrent map; each bucket is replaced atomically. Reads time
 * from the injected clock, so tests move it instead of sleeping.
 */
public final class RateLimiter {
  private final long capacity;
  private final Duration window;
  private final Clock clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /**
   * @param tokens what is left, fractions included; @param at when it was last refilled, millis
   */
  private record Bucket(double tokens, long at) {}

  public RateLimiter(long capacity, Duration window, Clock clock) {
    this.capacity = capacity;
    this.window = window;
    this.clock = clock;
  }

  /**
   * Takes one token for {@code key}: 0 when allowed, else the milliseconds until one is available.
   */
  public long take(String key) {
    return take(key, 1);
  }

  /**
   * Takes {@code amount} tokens for {@code key}, all or none: 0 when allowed, else the milliseconds
   * until that many are available (never less than 1; a whole window when more than the capacity).
   */
  public long take(String key, long amount) {
    long now = clock.millis();
    long[] wait = {0};
    buckets.compute(
        key,
        (k, bucket) -> {
          double tokens = bucket == null ? capacity : refilled(bucket, now);
          if (tokens >= amount) {
            return new Bucket(tokens - amount, now);
          }
          wait[0] = wait(tokens, amount);
          return new Bucket(tokens, now);
        });
    return wait[0];
  }

  /** What {@link #take(String, long)} would answer now, taking nothing. */
  public long waitFor(String key, long amount) {
    Bucket bucket = buckets.get(key);
    double tokens = bucket == null ? capacity : refilled(bucket, clock.millis());
    return tokens >= amount ? 0 : wait(tokens, amount);
  }

  /** Forgets full buckets, so memory holds only the keys that used their budget lately. */
  public void sweep() {
    long now = clock.millis();
    buckets.entrySet().removeIf(e -> refilled(e.getValue(), now) >= capacity);
  }

  private long wait(double tokens, long amount) {
    return amount > capacity
        ? window.toMillis()
        : Math.max(1, (long) Math.ceil((amount - tokens) * perToken()));
  }

  private double refilled(Bucket bucket, long now) {
    // a clock stepping back must not take tokens away
    long elapsed = Math.max(0, now - bucket.at());
    return Math.min(capacity, bucket.tokens() + elapsed / perToken());
  }

  private double perToken() {
    return (double) window.toMillis() / capacity;
  }
}
