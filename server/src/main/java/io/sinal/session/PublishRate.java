package io.sinal.session;

/**
 * How fast one connection may publish: {@code perSecond} on average, in bursts of twice as many (a
 * client catching up after a stall, a page sending what it queued while offline). A generic cell
 * rate algorithm: the connection keeps one number, the time (in microseconds of the hub's clock) by
 * which its last admitted publication has been paid for.
 */
public record PublishRate(int perSecond) {
  public PublishRate {
    if (perSecond < 1) {
      throw new IllegalArgumentException(
          "a publish rate is at least 1 per second, was " + perSecond);
    }
  }

  public int burst() {
    return 2 * perSecond;
  }

  /**
   * The new paid-until time after one more publication at {@code nowMillis}, or -1 when it is
   * refused.
   */
  long admit(long paidUntilMicros, long nowMillis) {
    long interval = 1_000_000L / perSecond;
    long now = nowMillis * 1000;
    long start = Math.max(paidUntilMicros, now);
    // Up to burst - 1 intervals may be owed ahead of now: burst publications at once, then one per
    // interval.
    if (start - now > (burst() - 1) * interval) {
      return -1;
    }
    return start + interval;
  }
}
