package io.sinal.hub.redis;

import io.sinal.hub.ChannelName;
import io.sinal.hub.ClientInfo;
import io.sinal.hub.Lease;
import io.sinal.hub.LeaseTerms;
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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence shared by every node: per channel a sorted set {@code <prefix>{channel}:presence} of
 * client ids scored by when their entry expires, and a hash {@code …:presence-info} of their
 * details. Each node refreshes its own clients' entries every third of the TTL, so the clients of a
 * node that dies without cleaning up vanish within one TTL; reads ignore expired entries. Leases
 * live beside them ({@code leases.lua}), their entries in {@code …:lease-entries} scored by their
 * latest lease's expiry, so a lease made on one node is listed, and expires, alike on every node.
 */
public final class RedisPresence implements Presence {
  private final Redis client;
  private final String prefix;
  private final Clock clock;
  private final long ttlMillis;
  private final RedisBroker.Script leases = RedisBroker.Script.load("leases.lua");

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
    return key(channel, "presence-info");
  }

  private String key(String channel, String suffix) {
    return prefix + "{" + channel + "}:" + suffix;
  }

  @Override
  public Future<Void> add(ChannelName channel, ClientInfo c) {
    local.computeIfAbsent(channel.value(), k -> new ConcurrentHashMap<>()).put(c.client(), c);
    return write(channel.value(), c);
  }

  private Future<Void> write(String channel, ClientInfo c) {
    long expires = clock.millis() + ttlMillis;
    long keyTtl = ttlMillis / 1000 * 2 + 10;
    return client
        .batch(
            List.of(
                Request.cmd(Command.ZADD).arg(set(channel)).arg(expires).arg(c.client()),
                Request.cmd(Command.HSET)
                    .arg(info(channel))
                    .arg(c.client())
                    .arg(c.toJson().encode()),
                Request.cmd(Command.EXPIRE).arg(set(channel)).arg(keyTtl),
                Request.cmd(Command.EXPIRE).arg(info(channel)).arg(keyTtl)))
        .mapEmpty();
  }

  @Override
  public Future<Void> remove(ChannelName channel, String clientId) {
    local.computeIfPresent(
        channel.value(),
        (k, clients) -> {
          clients.remove(clientId);
          return clients.isEmpty() ? null : clients;
        });
    return client
        .batch(
            List.of(
                Request.cmd(Command.ZREM).arg(set(channel.value())).arg(clientId),
                Request.cmd(Command.HDEL).arg(info(channel.value())).arg(clientId)))
        .mapEmpty();
  }

  @Override
  public Future<List<ClientInfo>> get(ChannelName channel) {
    String now = Long.toString(clock.millis());
    return client
        .batch(
            List.of(
                // ZRANGE … BYSCORE (Redis 6.2+), which replaced ZRANGEBYSCORE.
                Request.cmd(Command.ZRANGE)
                    .arg(set(channel.value()))
                    .arg(now)
                    .arg("+inf")
                    .arg("BYSCORE"),
                Request.cmd(Command.ZRANGE)
                    .arg(key(channel.value(), "lease-entries"))
                    .arg("(" + now)
                    .arg("+inf")
                    .arg("BYSCORE")))
        .compose(
            found -> {
              Response clients = found.get(0);
              Response leasing = found.get(1);
              Future<Response> details = read(info(channel.value()), clients);
              Future<Response> entries = read(key(channel.value(), "lease-holders"), leasing);
              return Future.all(details, entries)
                  .map(
                      v -> {
                        List<ClientInfo> out = new ArrayList<>();
                        for (int i = 0; i < clients.size(); i++) {
                          if (details.result().get(i) != null) {
                            JsonObject json = new JsonObject(details.result().get(i).toString());
                            out.add(
                                new ClientInfo(json.getString("client"), json.getString("user")));
                          }
                        }
                        // A leasing user's one entry: its id from the holders hash, the user from
                        // the sorted set.
                        for (int i = 0; i < leasing.size(); i++) {
                          if (entries.result().get(i) != null) {
                            out.add(
                                new ClientInfo(
                                    entries.result().get(i).toString(), leasing.get(i).toString()));
                          }
                        }
                        return out;
                      });
            })
        .recover(RedisBroker::unavailable);
  }

  /**
   * The values of {@code fields} in hash {@code key}, in their order; none to read answers null.
   */
  private Future<Response> read(String key, Response fields) {
    if (fields.size() == 0) {
      return Future.succeededFuture();
    }
    Request hmget = Request.cmd(Command.HMGET).arg(key);
    fields.forEach(f -> hmget.arg(f.toString()));
    return client.send(hmget);
  }

  @Override
  public Future<Lease> lease(ChannelName channel, String user, String leaseId, LeaseTerms terms) {
    long keyTtl = terms.ttl().toSeconds() * 2 + 10;
    return run(
            "lease",
            channel.value(),
            user,
            leaseId == null ? "" : leaseId,
            Lease.newId(),
            Long.toString(terms.ttl().toMillis()),
            Integer.toString(terms.perChannel()),
            Integer.toString(terms.perUser()),
            Integer.toString(terms.total()),
            Long.toString(keyTtl))
        .map(
            r -> {
              String id = r.get(1).toString();
              String joined = r.get(3).toString();
              return new Lease(
                  Lease.Outcome.valueOf(r.get(0).toString().toUpperCase(Locale.ROOT)),
                  id.isEmpty() ? null : id,
                  r.get(2).toInteger(),
                  joined.isEmpty() ? null : new ClientInfo(joined, user));
            })
        .recover(RedisBroker::unavailable);
  }

  @Override
  public Future<ClientInfo> endLease(ChannelName channel, String user, String leaseId) {
    return run("end", channel.value(), user, leaseId)
        .map(r -> left(r).stream().findFirst().map(Left::client).orElse(null))
        .recover(RedisBroker::unavailable);
  }

  /**
   * Fails quietly while Redis is away: every node runs it every second, and the next run catches
   * up.
   */
  @Override
  public Future<List<Left>> expireLeases(int budget) {
    return run("expire", Integer.toString(budget)).map(RedisPresence::left);
  }

  /** {@code leases.lua}'s {channel, entry json, …} pairs. */
  private static List<Left> left(Response pairs) {
    List<Left> out = new ArrayList<>();
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      JsonObject entry = new JsonObject(pairs.get(i + 1).toString());
      out.add(
          new Left(
              ChannelName.of(pairs.get(i).toString()),
              new ClientInfo(entry.getString("client"), entry.getString("user"))));
    }
    return out;
  }

  private Future<Response> run(String op, String... args) {
    List<String> argv = new ArrayList<>(List.of(op, prefix, Long.toString(clock.millis())));
    argv.addAll(List.of(args));
    return leases.run(client, List.of(), argv);
  }

  private void refresh() {
    local.forEach((channel, clients) -> clients.values().forEach(c -> write(channel, c)));
  }
}
