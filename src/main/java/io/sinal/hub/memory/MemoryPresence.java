package io.sinal.hub.memory;

import io.sinal.hub.ChannelName;
import io.sinal.hub.ClientInfo;
import io.sinal.hub.Presence;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Presence for one node: channel → client id → client, in this process. */
public final class MemoryPresence implements Presence {
  private final ConcurrentHashMap<String, Map<String, ClientInfo>> channels = new ConcurrentHashMap<>();

  @Override
  public Future<Void> add(ChannelName channel, ClientInfo client) {
    channels.computeIfAbsent(channel.value(), k -> new ConcurrentHashMap<>()).put(client.client(), client);
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
    return Future.succeededFuture(clients == null ? List.of() : List.copyOf(clients.values()));
  }
}
