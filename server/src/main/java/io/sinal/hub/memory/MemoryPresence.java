package io.sinal.hub.memory;

import io.sinal.hub.ChannelName;
import io.sinal.hub.ClientInfo;
import io.sinal.hub.Lease;
import io.sinal.hub.LeaseTerms;
import io.sinal.hub.Presence;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence for one node: channel → client id → client for connections, and {@link MemoryLeases} for
 * leases, all in this process.
 */
public final class MemoryPresence implements Presence {
  private final ConcurrentHashMap<String, Map<String, ClientInfo>> channels =
      new ConcurrentHashMap<>();
  private final MemoryLeases leases;

  /**
   * @param clock what lease expiry reads
   */
  public MemoryPresence(Clock clock) {
    this.leases = new MemoryLeases(clock);
  }

  @Override
  public Future<Void> add(ChannelName channel, ClientInfo client) {
    channels
        .computeIfAbsent(channel.value(), k -> new ConcurrentHashMap<>())
        .put(client.client(), client);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> remove(ChannelName channel, String clientId) {
    channels.computeIfPresent(
        channel.value(),
        (k, clients) -> {
          clients.remove(clientId);
          return clients.isEmpty() ? null : clients;
        });
    return Future.succeededFuture();
  }

  @Override
  public Future<List<ClientInfo>> get(ChannelName channel) {
    Map<String, ClientInfo> clients = channels.get(channel.value());
    List<ClientInfo> present = new ArrayList<>(clients == null ? List.of() : clients.values());
    present.addAll(leases.present(channel));
    return Future.succeededFuture(present);
  }

  @Override
  public Future<Lease> lease(ChannelName channel, String user, String leaseId, LeaseTerms terms) {
    return Future.succeededFuture(leases.lease(channel, user, leaseId, terms));
  }

  @Override
  public Future<ClientInfo> endLease(ChannelName channel, String user, String leaseId) {
    return Future.succeededFuture(leases.end(channel, user, leaseId));
  }

  @Override
  public Future<List<Left>> expireLeases(int budget) {
    return Future.succeededFuture(leases.expire(budget));
  }
}
