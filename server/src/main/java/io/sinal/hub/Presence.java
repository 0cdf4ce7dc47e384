package io.sinal.hub;

import io.vertx.core.Future;
import java.util.List;

/**
 * Who is present in the channels of presence-enabled namespaces, across every node: connections,
 * entered by the node that holds them and removed when they go, and <em>leases</em>, held by no
 * connection (a client between two long polls) and kept only while renewed.
 *
 * <p>Leases contract: all of one user's leases in a channel share one presence entry, named after
 * the lease that started it, which is there from its first lease until its last ends or expires.
 * Expiry reads the implementation's clock and holds on every node: a lease made on one node is
 * listed by every node and is gone from {@link #get} everywhere once its TTL passed without a
 * renewal. Each operation is atomic across nodes, so an entry starts (a join) once and leaves once.
 */
public interface Presence {
  Future<Void> add(ChannelName channel, ClientInfo client);

  Future<Void> remove(ChannelName channel, String clientId);

  /** The connections and the unexpired leases' entries present in {@code channel}, each once. */
  Future<List<ClientInfo>> get(ChannelName channel);

  /**
   * Renews lease {@code leaseId} of {@code user} in {@code channel} for {@code terms.ttl()} when it
   * is theirs there and not expired; starts a new one when {@code leaseId} is null, unknown or
   * expired and the user and the deployment are within {@code terms}. A lease named that is someone
   * else's, or in another channel, is refused and left alone.
   */
  Future<Lease> lease(ChannelName channel, String user, String leaseId, LeaseTerms terms);

  /**
   * Ends lease {@code leaseId} at once, if it is {@code user}'s in {@code channel} (else nothing
   * happens); completes with the entry that left with it, or null while the user's other leases
   * there hold it.
   */
  Future<ClientInfo> endLease(ChannelName channel, String user, String leaseId);

  /** Ends at most {@code budget} expired leases; completes with the entries that left with them. */
  Future<List<Left>> expireLeases(int budget);

  /** A presence entry that left {@code channel}. */
  record Left(ChannelName channel, ClientInfo client) {}
}
