package io.sinal.apps.chat;

import io.sinal.hub.ClientInfo;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.Hub;
import io.sinal.hub.SinalException;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Who goes by which name in a room: a name (by its {@link ChatName#key}, so look-alikes are one
 * name) belongs in a room to the first user who claims it there, while that user is present or was
 * lately. Entering a room, sending, typing and presence leases claim the user's name; someone
 * else's is {@code 409} ({@code conflict}). The same user (the same token's {@code sub}: any tab)
 * may always come back.
 *
 * <p>A WebSocket or SSE subscription cannot be refused here, as the hub admits it: a second "Ana"
 * who never claims shows in the presence list but can neither send nor type while the first is
 * there. Claims live in this node's memory (like rate buckets); presence, leases included, is the
 * hub's, on every node. Shared by every event loop: the claims are guarded by {@code this}, a few
 * map operations per call.
 */
final class RoomNames {
  /**
   * A holder who left keeps the name this long, so a reload or a reconnect finds it still theirs.
   */
  static final Duration GRACE = Duration.ofMinutes(1);

  /**
   * Claims unused this long are forgotten; a holder still present claims again when next active.
   */
  static final Duration IDLE = Duration.ofHours(1);

  /**
   * Rooms one user holds a name in at once; a claim past it lets go of the user's least recently
   * used one, so no token can fill {@link #MAX_CLAIMS} by claiming in room after room.
   */
  static final int ROOMS_PER_USER = 50;

  /** Claims held at once on this node: a bound on memory, as each is a user active in a room. */
  static final int MAX_CLAIMS = 100_000;

  private record Key(Room room, String name) {}

  /**
   * @param seen when the holder last claimed it, millis
   */
  private record Claim(String user, long seen) {}

  private final Hub hub;
  private final Clock clock;

  /** Guarded by {@code this}, like {@link #byUser}; the hub's presence is read outside the lock. */
  private final Map<Key, Claim> claims = new HashMap<>();

  /** User id → the keys they hold, least recently claimed first. */
  private final Map<String, LinkedHashSet<Key>> byUser = new HashMap<>();

  RoomNames(Hub hub, Clock clock) {
    this.hub = hub;
    this.clock = clock;
  }

  /**
   * Claims {@code user}'s name in {@code room}, or renews the claim; fails with {@code conflict}
   * when the name is someone else's there: their live claim, or, when nobody claimed it, their
   * presence.
   */
  Future<Void> claim(Room room, ChatUser user) {
    Key key = new Key(room, ChatName.key(user.name()));
    synchronized (this) {
      Claim held = claims.get(key);
      if (held != null && held.user().equals(user.id())) {
        take(key, user, clock.millis());
        return Future.succeededFuture();
      }
    }
    return hub.presence(room.channel())
        .compose(
            present -> {
              long now = clock.millis();
              synchronized (this) {
                // judged again under the lock: a claim another request made meanwhile stands
                String other = otherHolder(key, claims.get(key), user, present, now);
                if (other != null) {
                  return Future.failedFuture(taken(room, user, other));
                }
                if (!claims.containsKey(key) && claims.size() >= MAX_CLAIMS) {
                  return Future.failedFuture(
                      new SinalException(
                          ErrorCode.LIMIT_EXCEEDED,
                          "too many people active in the chat on this server ("
                              + MAX_CLAIMS
                              + "); try again later"));
                }
                take(key, user, now);
                return Future.succeededFuture();
              }
            });
  }

  /** Forgets claims unused for {@link #IDLE}; called every second. */
  synchronized void sweep() {
    long before = clock.millis() - IDLE.toMillis();
    claims
        .entrySet()
        .removeIf(
            e -> {
              if (e.getValue().seen() >= before) {
                return false;
              }
              forget(e.getValue().user(), e.getKey());
              return true;
            });
  }

  /**
   * Gives {@code key} to {@code user} as of {@code now}, letting go of their oldest claim past the
   * bound. Holding the lock.
   */
  private void take(Key key, ChatUser user, long now) {
    Claim before = claims.put(key, new Claim(user.id(), now));
    if (before != null && !before.user().equals(user.id())) {
      forget(before.user(), key); // a lapsed claim of someone else's
    }
    LinkedHashSet<Key> mine = byUser.computeIfAbsent(user.id(), u -> new LinkedHashSet<>());
    mine.remove(key);
    mine.add(key);
    if (mine.size() > ROOMS_PER_USER) {
      Key oldest = mine.iterator().next();
      mine.remove(oldest);
      claims.remove(oldest);
    }
  }

  private void forget(String user, Key key) {
    LinkedHashSet<Key> mine = byUser.get(user);
    if (mine != null && mine.remove(key) && mine.isEmpty()) {
      byUser.remove(user);
    }
  }

  /** The other user the name belongs to in the room, or null when {@code user} may take it. */
  private static String otherHolder(
      Key key, Claim held, ChatUser user, List<ClientInfo> present, long now) {
    if (held != null
        && !held.user().equals(user.id())
        && (now - held.seen() < GRACE.toMillis() || isPresent(held.user(), present))) {
      return held.user();
    }
    for (ClientInfo client : present) {
      String id = client.user();
      if (!id.isEmpty()
          && !id.equals(user.id())
          && ChatName.key(ChatUser.nameOf(id)).equals(key.name())) {
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
    return new SinalException(
        ErrorCode.CONFLICT,
        "someone else is already '"
            + theirs
            + "' in room "
            + room.name()
            + (theirs.equals(user.name()) ? "" : ", and '" + user.name() + "' looks the same")
            + ": pick another name");
  }
}
