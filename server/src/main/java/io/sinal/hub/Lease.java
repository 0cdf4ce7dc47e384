package io.sinal.hub;

import java.security.SecureRandom;

/**
 * What asking {@link Presence#lease} for a lease came to.
 *
 * @param id the lease to renew next; null when refused
 * @param held for a refusal, the leases counted against the bound it hit; else the user's leases in
 *     the channel
 * @param joined the presence entry the lease started, to push as a join; null when it joined one
 *     already there (the user's other leases in the channel hold it) or was refused
 */
public record Lease(Outcome outcome, String id, int held, ClientInfo joined) {
  private static final SecureRandom RANDOM = new SecureRandom();

  public enum Outcome {
    RENEWED,
    STARTED,
    /** The lease named is another user's, or in another channel. */
    NOT_YOURS,
    /** The user holds {@link LeaseTerms#perChannel} leases in the channel. */
    CHANNEL_FULL,
    /** The user holds {@link LeaseTerms#perUser} leases across channels. */
    USER_FULL,
    /** {@link LeaseTerms#total} leases are held. */
    ALL_FULL;

    public boolean granted() {
      return this == RENEWED || this == STARTED;
    }
  }

  /**
   * A fresh lease id, chosen by the server so no client can name, and so replace, another's entry:
   * 64 random bits, prefixed so it never equals a connection's client id.
   */
  public static String newId() {
    return "lease-" + Long.toUnsignedString(RANDOM.nextLong(), 36);
  }
}
