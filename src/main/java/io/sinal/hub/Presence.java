package io.sinal.hub;

import io.vertx.core.Future;
import java.util.List;

/** Who is subscribed to the channels of presence-enabled namespaces, across every node. */
public interface Presence {
  Future<Void> add(ChannelName channel, ClientInfo client);

  Future<Void> remove(ChannelName channel, String clientId);

  Future<List<ClientInfo>> get(ChannelName channel);
}
