package io.sinal.hub.redis;

import io.sinal.hub.ChannelName;
import io.sinal.hub.ClientInfo;
import io.sinal.hub.Presence;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence shared by every node: per channel a sorted set {@code <prefix>{channel}:presence} of client
 * ids scored by when their entry expires, and a hash {@code …:presence-info} of their details. Each node
 * refreshes its own clients' entries every third of the TTL, so the clients of a node that dies without
 * cleaning up vanish within one TTL; reads ignore expired entries.
 */
public final class RedisPresence implements Presence {
  private final Redis client;
  private final String prefix;
  private final Clock clock;
  private final long ttlMillis;
  /** This node's present clients, channel → client id → client, for the refresh. */
  private final Map<String, Map<String, ClientInfo>> local = new ConcurrentHashMap<>();

  public RedisPresence(Vertx vertx, Redis client, String prefix, Clock clock, Duration ttl) {
    this.client = client;
    this.prefix = prefix;
    this.clock = clock;
    this.ttlMillis = ttl.toMillis();
    vertx.setPeriodic(Math.max(100, ttlMillis / 3), id -> refresh());
  }

  private String set(String channel) {
    return prefix + "{" + channel + "}:presence";
  }

  private String info(String channel) {
    return prefix + "{" + channel + "}:presence-info";
  }

  @Override
  public Future<Void> add(ChannelName channel, ClientInfo c) {
    local.computeIfAbsent(channel.value(), k -> new ConcurrentHashMap<>()).put(c.client(), c);
    return write(channel.value(), c);
  }

  private Future<Void> write(String channel, ClientInfo c) {
    long expires = clock.millis() + ttlMillis;
    long keyTtl = ttlMillis / 1000 * 2 + 10;
    return client.batch(List.of(
        Request.cmd(Command.ZADD).arg(set(channel)).arg(expires).arg(c.client()),
        Request.cmd(Command.HSET).arg(info(channel)).arg(c.client()).arg(c.toJson().encode()),
        Request.cmd(Command.EXPIRE).arg(set(channel)).arg(keyTtl),
        Request.cmd(Command.EXPIRE).arg(info(channel)).arg(keyTtl))).mapEmpty();
  }

  @Override
  public Future<Void> remove(ChannelName channel, String clientId) {
    local.computeIfPresent(channel.value(), (k, clients) -> {
      clients.remove(clientId);
      return clients.isEmpty() ? null : clients;
    });
    return client.batch(List.of(
        Request.cmd(Command.ZREM).arg(set(channel.value())).arg(clientId),
        Request.cmd(Command.HDEL).arg(info(channel.value())).arg(clientId))).mapEmpty();
  }

  @Override
  public Future<List<ClientInfo>> get(ChannelName channel) {
    long now = clock.millis();
    return client.send(Request.cmd(Command.ZRANGEBYSCORE).arg(set(channel.value())).arg(now).arg("+inf"))
        .compose(ids -> {
          if (ids == null || ids.size() == 0) {
            return Future.succeededFuture(List.<ClientInfo>of());
          }
          Request hmget = Request.cmd(Command.HMGET).arg(info(channel.value()));
          for (Response id : ids) {
            hmget.arg(id.toString());
          }
          return client.send(hmget).map(infos -> {
            List<ClientInfo> out = new ArrayList<>();
            for (Response info : infos) {
              if (info != null) {
                JsonObject json = new JsonObject(info.toString());
                out.add(new ClientInfo(json.getString("client"), json.getString("user")));
              }
            }
            return out;
          });
        })
        .recover(RedisBroker::unavailable);
  }

  private void refresh() {
    local.forEach((channel, clients) -> clients.values().forEach(c -> write(channel, c)));
  }
}
