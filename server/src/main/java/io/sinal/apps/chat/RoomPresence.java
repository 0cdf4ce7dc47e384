package io.sinal.apps.chat;

import io.sinal.hub.ClientInfo;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.Hub;
import io.sinal.hub.Lease;
import io.sinal.hub.LeaseTerms;
import io.sinal.hub.SinalException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who is in a room, from the hub's presence, with one user counted once however many tabs they
 * have.
 *
 * <p>WebSocket and SSE connections are present by themselves; a long poll is not (it would join and
 * leave on every request). A polling page therefore holds a <em>lease</em> in the hub's presence
 * ({@link Hub#lease}): it renews it every few seconds, and a lease not renewed for {@link #LEASE}
 * ends with a leave. The hub keeps leases where it keeps presence (in Redis for a cluster), so a
 * lease made on one node is listed by every node and expires on every node; its id is the server's
 * choice, so a client can never name, and so replace, another connection's entry. All of one user's
 * leases in one room share one presence entry: only the first joins, only the last leaves. This
 * class holds no state.
 */
final class RoomPresence {
  static final Duration LEASE = Duration.ofSeconds(30);

  /**
   * Leases held at once (by the node, or the cluster on Redis); a bound on memory, far above what a
   * demo needs.
   */
  static final int MAX_LEASES = 10_000;

  /**
   * Leases one user may hold in one room: one per polling tab, and people do not open more than a
   * few.
   */
  static final int LEASES_PER_ROOM = 5;

  private final Hub hub;
  private final LeaseTerms terms;

  /**
   * @param perUser leases one user may hold at once across rooms ({@code --chat-max-leases})
   */
  RoomPresence(Hub hub, int perUser) {
    this.hub = hub;
    this.terms = new LeaseTerms(LEASE, LEASES_PER_ROOM, perUser, MAX_LEASES);
  }

  /**
   * {@code {"room","users":[{"user","name","clients":[id…]}]}}: each user once, by name, with the
   * ids of their connections so a page can apply later join and leave pushes. Anonymous viewers are
   * left out.
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
        .sorted(
            Comparator.comparing(
                    (Map.Entry<String, JsonArray> e) -> ChatUser.nameOf(e.getKey()).toLowerCase())
                .thenComparing(Map.Entry::getKey))
        .forEach(
            e ->
                users.add(
                    new JsonObject()
                        .put("user", e.getKey())
                        .put("name", ChatUser.nameOf(e.getKey()))
                        .put("clients", e.getValue())));
    return new JsonObject().put("room", room.name()).put("users", users);
  }

  /**
   * Renews the lease {@code clientId} of {@code user} in {@code room}, or starts a new one when it
   * is null, unknown or expired: counted against the user's bounds, and joining the room only when
   * it is the user's first lease there. Answers {@code {"client","ttl"}}: the id to renew next.
   */
  Future<JsonObject> renew(ChatUser user, Room room, String clientId) {
    return hub.lease(room.channel(), user.id(), clientId, terms)
        .compose(
            lease ->
                lease.outcome().granted()
                    ? Future.succeededFuture(
                        new JsonObject().put("client", lease.id()).put("ttl", LEASE.toSeconds()))
                    : Future.failedFuture(refusal(lease, room)));
  }

  private SinalException refusal(Lease lease, Room room) {
    return switch (lease.outcome()) {
      case NOT_YOURS -> new SinalException(ErrorCode.FORBIDDEN, "that lease is not yours");
      case CHANNEL_FULL ->
          new SinalException(
              ErrorCode.LIMIT_EXCEEDED,
              "you hold "
                  + lease.held()
                  + " presence leases in room "
                  + room.name()
                  + " already, at most "
                  + LEASES_PER_ROOM
                  + ": renew one with {\"client\": …} instead of starting another");
      case USER_FULL ->
          new SinalException(
              ErrorCode.LIMIT_EXCEEDED,
              "you hold "
                  + lease.held()
                  + " presence leases already, at most "
                  + terms.perUser()
                  + " across rooms: renew or end one instead of starting another");
      default ->
          new SinalException(
              ErrorCode.LIMIT_EXCEEDED,
              "too many polling clients in the chat (" + MAX_LEASES + "); try again later");
    };
  }

  /**
   * Ends a lease at once (the page is closing); a lease that is not there or not the user's is left
   * alone.
   */
  Future<Void> end(ChatUser user, Room room, String clientId) {
    return hub.endLease(room.channel(), user.id(), clientId);
  }
}
