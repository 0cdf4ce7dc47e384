package io.sinal.hub;

import java.time.Duration;

/**
 * How long a presence lease lasts without a renewal, and how many may be held at once. The bounds
 * count leases that have not expired, but {@code total} counts every lease still stored (an expired
 * one is stored until the next sweep, within a second), as it bounds memory.
 *
 * @param perChannel leases one user may hold in one channel (all of them share one presence entry)
 * @param perUser leases one user may hold across channels
 * @param total leases held at once: on the node in memory, in the whole cluster on Redis
 */
public record LeaseTerms(Duration ttl, int perChannel, int perUser, int total) {
  public LeaseTerms {
    if (ttl.toMillis() < 1 || perChannel < 1 || perUser < 1 || total < 1) {
      throw new IllegalArgumentException(
          "lease terms must be positive: "
              + ttl
              + ", "
              + perChannel
              + ", "
              + perUser
              + ", "
              + total);
    }
  }
}
