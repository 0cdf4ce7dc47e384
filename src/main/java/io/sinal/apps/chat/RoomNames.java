package io.sinal.apps.chat;

import io.sinal.hub.ClientInfo;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.Hub;
import io.sinal.hub.SinalException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who goes by which name in a room: a name (by its {@link ChatName#key}, so look-alikes are one name)
 * belongs in a room to the first user who claims it there, while that user is present or was lately.
 * Entering a room, sending, typing and presence leases claim the user's name; someone else's is
 * {@code 409} ({@code conflict}). The same user (the same token's {@code sub}: any tab) may always
 * come back.
 *
 * <p>A WebSocket or SSE subscription cannot be refused here, as the hub admits it: a second "Ana" who
 * never claims shows in the presence list but can neither send nor type while the first is there.
 * Claims live in this node's memory (like leases and rate buckets); presence is the hub's, on every
 * node. Shared by every event loop: each claim is replaced atomically.
 */
final class RoomNames {
  /** A holder who left keeps the name this long, so a reload or a reconnect finds it still theirs. */
  static final Duration GRACE = Duration.ofMinutes(1);
  /** Claims unused this long are forgotten; a holder still present claims again when next active. */
  static final Duration IDLE = Duration.ofHours(1);
  /** Claims held at once on this node: a bound on memory, as each is a user active in a room. */
  static final int MAX_CLAIMS = 100_000;

  private record Key(Room room, String name) {}

  /** @param seen when the holder last claimed it, millis */
  private record Claim(String user, long seen) {}

  private final Hub hub;
  private final Clock clock;
  private final ConcurrentHashMap<Key, Claim> claims = new ConcurrentHashMap<>();

  RoomNames(Hub hub, Clock clock) {
    this.hub = hub;
    this.clock = clock;
  }

  /**
   * Claims {@code user}'s name in {@code room}, or renews the claim; fails with {@code conflict} when the
   * name is someone else's there: their live claim, or, when nobody claimed it, their presence.
   */
  Future<Void> claim(Room room, ChatUser user) {
    Key key = new Key(room, ChatName.key(user.name()));
    long now = clock.millis();
    Claim held = claims.get(key);
    if (held != null && held.user().equals(user.id())) {
      claims.replace(key, held, new Claim(user.id(), now));
      return Future.succeededFuture();
    }
    return hub.presence(room.channel()).compose(present -> {
      String other = otherHolder(key, held, user, present, now);
      if (other == null && claims.size() >= MAX_CLAIMS) {
        return Future.failedFuture(new SinalException(ErrorCode.LIMIT_EXCEEDED,
            "too many people active in the chat on this server (" + MAX_CLAIMS + "); try again later"));
      }
      if (other == null) {
        // only over what was judged: a claim that another request took meanwhile stands
        Claim after = claims.compute(key, (k, current) ->
            current == null || current == held || current.user().equals(user.id()) ? new Claim(user.id(), now) : current);
        other = after.user().equals(user.id()) ? null : after.user();
      }
      return other == null ? Future.succeededFuture() : Future.failedFuture(taken(room, user, other));
    });
  }

  /** Forgets claims unused for {@link #IDLE}; called every second. */
  void sweep() {
    long before = clock.millis() - IDLE.toMillis();
    claims.values().removeIf(claim -> claim.seen() < before);
  }

  /** The other user the name belongs to in the room, or null when {@code user} may take it. */
  private static String otherHolder(Key key, Claim held, ChatUser user, List<ClientInfo> present, long now) {
    if (held != null && (now - held.seen() < GRACE.toMillis() || isPresent(held.user(), present))) {
      return held.user();
    }
    for (ClientInfo client : present) {
      String id = client.user();
      if (!id.isEmpty() && !id.equals(user.id()) && ChatName.key(ChatUser.nameOf(id)).equals(key.name())) {
        return id;
      }
    }
    return null;
  }

  private static boolean isPresent(String user, List<ClientInfo> present) {
    return present.stream().anyMatch(c -> c.user().equals(user));
  }

  private static SinalException taken(Room room, ChatUser user, String other) {
    String theirs = ChatUser.nameOf(other);
    return new SinalException(ErrorCode.CONFLICT, "someone else is already '" + theirs + "' in room " + room.name()
        + (theirs.equals(user.name()) ? "" : ", and '" + user.name() + "' looks the same") + ": pick another name");
  }
}
