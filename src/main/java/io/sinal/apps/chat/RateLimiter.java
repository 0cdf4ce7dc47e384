package io.sinal.apps.chat;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per key (a user, an address): {@code capacity} at once, then refilled at
 * {@code capacity} per {@code window}. Shared by every event loop, hence the concurrent map; each bucket
 * is replaced atomically. Reads time from the injected clock, so tests move it instead of sleeping.
 */
final class RateLimiter {
  private final int capacity;
  private final Duration window;
  private final Clock clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  /** @param tokens what is left, fractions included; @param at when it was last refilled, millis */
  private record Bucket(double tokens, long at) {}

  RateLimiter(int capacity, Duration window, Clock clock) {
    this.capacity = capacity;
    this.window = window;
    this.clock = clock;
  }

  /** Takes one token for {@code key}: 0 when allowed, else the milliseconds until one is available. */
  long take(String key) {
    long now = clock.millis();
    long[] wait = {0};
    buckets.compute(key, (k, bucket) -> {
      double tokens = bucket == null ? capacity : refilled(bucket, now);
      if (tokens >= 1) {
        return new Bucket(tokens - 1, now);
      }
      wait[0] = (long) Math.ceil((1 - tokens) * perToken());
      return new Bucket(tokens, now);
    });
    return wait[0];
  }

  /** Forgets full buckets, so memory holds only the keys that used their budget lately. */
  void sweep() {
    long now = clock.millis();
    buckets.entrySet().removeIf(e -> refilled(e.getValue(), now) >= capacity);
  }

  int capacity() {
    return capacity;
  }

  Duration window() {
    return window;
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
