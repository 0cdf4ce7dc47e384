package io.sinal.apps.chat;

import io.sinal.hub.ClientInfo;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.Hub;
import io.sinal.hub.SinalException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who is in a room, from the hub's presence, with one user counted once however many tabs they have.
 *
 * <p>WebSocket and SSE connections are present by themselves; a long poll is not (it would join and
 * leave on every request). A polling page therefore holds a <em>lease</em>: it renews it every few
 * seconds, and a lease not renewed for {@link #LEASE} is dropped. Leases go into the same hub presence
 * (join and leave pushes included) under a client id the server chose, so a client can never name, and
 * so replace, another connection's entry. All of one user's leases in one room share one presence entry:
 * only the first joins, only the last leaves. Leases live in this node's memory: behind a load balancer
 * a page should come back to the same node, or its lease may flap (docs/apps/chat.md).
 *
 * <p>Shared by every event loop: the bookkeeping is guarded by {@code this}, a few map operations per
 * call; the hub is called after the lock is let go.
 */
final class RoomPresence {
  static final Duration LEASE = Duration.ofSeconds(30);
  /** Leases held at once on this node; a bound on memory, far above what a demo needs. */
  static final int MAX_LEASES = 10_000;
  /** Leases one user may hold in one room: one per polling tab, and people do not open more than a few. */
  static final int LEASES_PER_ROOM = 5;
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Lease(Room room, String user, long expiresAt) {}

  private record Holder(Room room, String user) {}

  /** The presence entry a user's leases in a room share, and how many leases hold it. */
  private static final class Entry {
    final ClientInfo client;
    int leases;

    Entry(ClientInfo client) {
      this.client = client;
    }
  }

  private final Hub hub;
  private final Clock clock;
  private final int perUser;
  private final Map<String, Lease> leases = new HashMap<>();
  private final Map<Holder, Entry> entries = new HashMap<>();
  private final Map<String, Integer> leasesOf = new HashMap<>();

  /** @param perUser leases one user may hold at once on this node, across rooms ({@code --chat-max-leases}) */
  RoomPresence(Hub hub, Clock clock, int perUser) {
    this.hub = hub;
    this.clock = clock;
    this.perUser = perUser;
  }

  /**
   * {@code {"room","users":[{"user","name","clients":[id…]}]}}: each user once, by name, with the ids
   * of their connections so a page can apply later join and leave pushes. Anonymous viewers are left out.
   */
  Future<JsonObject> online(Room room) {
    return hub.presence(room.channel()).map(clients -> group(room, clients));
  }

  static JsonObject group(Room room, List<ClientInfo> clients) {
    Map<String, JsonArray> perUser = new TreeMap<>();
    for (ClientInfo client : clients) {
      if (!client.user().isEmpty()) {
        perUser.computeIfAbsent(client.user(), u -> new JsonArray()).add(client.client());
      }
    }
    JsonArray users = new JsonArray();
    perUser.entrySet().stream()
        .sorted(Comparator.comparing((Map.Entry<String, JsonArray> e) -> ChatUser.nameOf(e.getKey()).toLowerCase())
            .thenComparing(Map.Entry::getKey))
        .forEach(e -> users.add(new JsonObject()
            .put("user", e.getKey()).put("name", ChatUser.nameOf(e.getKey())).put("clients", e.getValue())));
    return new JsonObject().put("room", room.name()).put("users", users);
  }

  /**
   * Renews the lease {@code clientId} of {@code user} in {@code room}, or starts a new one when it is
   * null, unknown or expired: counted against the user's bounds, and joining the room only when it is
   * the user's first lease there. Answers {@code {"client","ttl"}}: the id to renew next.
   */
  Future<JsonObject> renew(ChatUser user, Room room, String clientId) {
    long expiresAt = clock.millis() + LEASE.toMillis();
    String id;
    ClientInfo joins = null;
    synchronized (this) {
      Lease old = clientId == null ? null : leases.get(clientId);
      if (old != null) {
        if (!owns(old, user, room)) {
          return Future.failedFuture(new SinalException(ErrorCode.FORBIDDEN, "that lease is not yours"));
        }
        leases.put(clientId, new Lease(room, old.user(), expiresAt));
        return Future.succeededFuture(answer(clientId));
      }
      Holder holder = new Holder(room, user.id());
      Entry entry = entries.get(holder);
      SinalException refused = refusal(user, room, entry);
      if (refused != null) {
        return Future.failedFuture(refused);
      }
      id = "lease-" + Long.toUnsignedString(RANDOM.nextLong(), 36);
      if (entry == null) {
        entry = new Entry(new ClientInfo(id, user.id()));
        entries.put(holder, entry);
        joins = entry.client;
      }
      entry.leases++;
      leasesOf.merge(user.id(), 1, Integer::sum);
      leases.put(id, new Lease(room, user.id(), expiresAt));
    }
    return joins == null ? Future.succeededFuture(answer(id)) : hub.join(room.channel(), joins).map(v -> answer(id));
  }

  /** Why {@code user} may not start one more lease in {@code room}, or null. Called holding the lock. */
  private SinalException refusal(ChatUser user, Room room, Entry entry) {
    if (entry != null && entry.leases >= LEASES_PER_ROOM) {
      return new SinalException(ErrorCode.LIMIT_EXCEEDED, "you hold " + entry.leases + " presence leases in room "
          + room.name() + " already, at most " + LEASES_PER_ROOM + ": renew one with {\"client\": …} instead of starting another");
    }
    int held = leasesOf.getOrDefault(user.id(), 0);
    if (held >= perUser) {
      return new SinalException(ErrorCode.LIMIT_EXCEEDED, "you hold " + held + " presence leases already, at most "
          + perUser + " across rooms: renew or end one instead of starting another");
    }
    if (leases.size() >= MAX_LEASES) {
      return new SinalException(ErrorCode.LIMIT_EXCEEDED,
          "too many polling clients in the chat (" + MAX_LEASES + "); try again later");
    }
    return null;
  }

  /** Ends a lease at once (the page is closing); a lease that is not there or not the user's is left alone. */
  Future<Void> end(ChatUser user, Room room, String clientId) {
    ClientInfo leaves;
    synchronized (this) {
      Lease lease = leases.get(clientId);
      if (lease == null || !owns(lease, user, room)) {
        return Future.succeededFuture();
      }
      leaves = drop(clientId, lease);
    }
    return leaves == null ? Future.succeededFuture() : hub.leave(room.channel(), leaves);
  }

  /** Drops the leases not renewed in time, each user's last one in a room with a leave; called every second. */
  void sweep() {
    long now = clock.millis();
    List<Map.Entry<Room, ClientInfo>> leaving = new ArrayList<>();
    synchronized (this) {
      List<String> expired = new ArrayList<>();
      leases.forEach((id, lease) -> {
        if (lease.expiresAt() <= now) {
          expired.add(id);
        }
      });
      for (String id : expired) {
        Lease lease = leases.get(id);
        ClientInfo leaves = drop(id, lease);
        if (leaves != null) {
          leaving.add(Map.entry(lease.room(), leaves));
        }
      }
    }
    leaving.forEach(e -> hub.leave(e.getKey().channel(), e.getValue()));
  }

  /** Forgets a lease; returns the presence entry to leave when it was its user's last in the room. Holding the lock. */
  private ClientInfo drop(String id, Lease lease) {
    leases.remove(id);
    leasesOf.computeIfPresent(lease.user(), (u, n) -> n == 1 ? null : n - 1);
    Holder holder = new Holder(lease.room(), lease.user());
    Entry entry = entries.get(holder);
    if (entry == null || --entry.leases > 0) {
      return null;
    }
    entries.remove(holder);
    return entry.client;
  }

  private static boolean owns(Lease lease, ChatUser user, Room room) {
    return lease.user().equals(user.id()) && lease.room().equals(room);
  }

  private static JsonObject answer(String clientId) {
    return new JsonObject().put("client", clientId).put("ttl", LEASE.toSeconds());
  }
}
