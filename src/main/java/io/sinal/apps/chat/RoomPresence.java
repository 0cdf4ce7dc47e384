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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is in a room, from the hub's presence, with one user counted once however many tabs they have.
 *
 * <p>WebSocket and SSE connections are present by themselves; a long poll is not (it would join and
 * leave on every request). A polling page therefore holds a <em>lease</em>: it renews it every few
 * seconds, and a lease not renewed for {@link #LEASE} is dropped. Leases go into the same hub presence
 * (join and leave pushes included) under a client id the server chose, so a client can never name, and
 * so replace, another connection's entry. Leases live in this node's memory: behind a load balancer a
 * page should come back to the same node, or its lease may flap (docs/apps/chat.md).
 */
final class RoomPresence {
  static final Duration LEASE = Duration.ofSeconds(30);
  /** Leases held at once on this node; a bound on memory, far above what a demo needs. */
  static final int MAX_LEASES = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Lease(Room room, ClientInfo client, long expiresAt) {}

  private final Hub hub;
  private final Clock clock;
  /** Client id → lease; shared by the event loops, each lease replaced atomically. */
  private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();

  RoomPresence(Hub hub, Clock clock) {
    this.hub = hub;
    this.clock = clock;
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
   * Renews the lease {@code clientId} of {@code user} in {@code room}, or starts a new one (joining the
   * room) when it is null, unknown or expired. Answers {@code {"client","ttl"}}: the id to renew next.
   */
  Future<JsonObject> renew(ChatUser user, Room room, String clientId) {
    long expiresAt = clock.millis() + LEASE.toMillis();
    if (clientId != null) {
      Lease old = leases.get(clientId);
      if (old != null && !owns(old, user, room)) {
        return Future.failedFuture(new SinalException(ErrorCode.FORBIDDEN, "that lease is not yours"));
      }
      if (old != null && leases.replace(clientId, old, new Lease(room, old.client(), expiresAt))) {
        return Future.succeededFuture(answer(clientId));
      }
    }
    if (leases.size() >= MAX_LEASES) {
      return Future.failedFuture(new SinalException(ErrorCode.LIMIT_EXCEEDED,
          "too many polling clients in the chat (" + MAX_LEASES + "); try again later"));
    }
    String id = "lease-" + Long.toUnsignedString(RANDOM.nextLong(), 36);
    ClientInfo client = new ClientInfo(id, user.id());
    leases.put(id, new Lease(room, client, expiresAt));
    return hub.join(room.channel(), client).map(v -> answer(id));
  }

  /** Ends a lease at once (the page is closing); a lease that is not there or not the user's is left alone. */
  Future<Void> end(ChatUser user, Room room, String clientId) {
    Lease lease = leases.get(clientId);
    if (lease == null || !owns(lease, user, room) || !leases.remove(clientId, lease)) {
      return Future.succeededFuture();
    }
    return hub.leave(room.channel(), lease.client());
  }

  /** Drops the leases not renewed in time, each with a leave; called every second. */
  void sweep() {
    long now = clock.millis();
    leases.forEach((id, lease) -> {
      if (lease.expiresAt() <= now && leases.remove(id, lease)) {
        hub.leave(lease.room().channel(), lease.client());
      }
    });
  }

  private static boolean owns(Lease lease, ChatUser user, Room room) {
    return lease.client().user().equals(user.id()) && lease.room().equals(room);
  }

  private static JsonObject answer(String clientId) {
    return new JsonObject().put("client", clientId).put("ttl", LEASE.toSeconds());
  }
}
