package io.sinal.hub;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The engine: namespaces and their rules, publishing through the {@link Broker}, and fan-out of what the
 * broker delivers to the event loops that have subscribers. This is the public API applications and the
 * server API use; transports reach it through sessions.
 *
 * <p>Fan-out is handed once per publication to each event loop that has a subscriber for the channel
 * ({@link #interest}), never once per subscriber.
 */
public final class Hub implements Broker.Handler {
  /** Event loops one hub serves: far above today's core counts, and it bounds {@link #interest}'s arrays. */
  public static final int MAX_LOOPS = 1024;
  /** How often expired leases are ended, and how many one run may end (the rest wait a second). */
  public static final long LEASE_SWEEP_MILLIS = 1000;
  private static final int LEASE_SWEEP_BUDGET = 1000;
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
  private static final List<String> RESERVED_TYPES =
      List.of("connected", "reset", "join", "leave", "disconnect", "error");

  private final Broker broker;
  private final Presence presence;
  private final Clock clock;
  private final String nodeId;
  private final int maxMessageSize;
  private final Map<String, NamespaceOptions> namespaces = new ConcurrentHashMap<>();
  private final Map<String, PublishGuard> guards = new ConcurrentHashMap<>();
  private final List<Delivery> loops = new CopyOnWriteArrayList<>();
  /**
   * Channel name → bit set of the {@link #loops} indexes that have subscribers for it: word {@code i}
   * holds loops {@code 64 i} to {@code 64 i + 63}. Arrays are never changed once in the map (copy on
   * write), so fan-out reads them without a lock; one word covers the usual 64 loops or fewer.
   */
  private final ConcurrentHashMap<String, long[]> interest = new ConcurrentHashMap<>();
  private final LongAdder publications = new LongAdder();
  private volatile Consumer<Publication> observer = p -> {};
  private final Handler<Publication> accepted = p -> {
    publications.increment();
    observer.accept(p);
  };

  public Hub(Broker broker, Presence presence, Clock clock, String nodeId, int maxMessageSize) {
    this.broker = broker;
    this.presence = presence;
    this.clock = clock;
    this.nodeId = nodeId;
    this.maxMessageSize = maxMessageSize;
    broker.start(this);
  }

  public Clock clock() {
    return clock;
  }

  public String nodeId() {
    return nodeId;
  }

  /** Sets the options of a namespace ({@code "*"} for every namespace without options of its own). */
  public void namespace(String name, NamespaceOptions options) {
    namespaces.put(name, options);
  }

  public Map<String, NamespaceOptions> namespaces() {
    return Map.copyOf(namespaces);
  }

  public NamespaceOptions options(ChannelName channel) {
    NamespaceOptions options = namespaces.get(channel.namespace());
    if (options == null) {
      options = namespaces.get("*");
    }
    if (options == null) {
      throw new SinalException(
          ErrorCode.UNKNOWN_NAMESPACE,
          "unknown namespace '" + channel.namespace() + "' of channel '" + channel + "'");
    }
    return options;
  }

  /** Checks that {@code identity} may subscribe to {@code channel}; returns the namespace's options. */
  public NamespaceOptions checkSubscribe(Identity identity, ChannelName channel) {
    NamespaceOptions options = options(channel);
    switch (options.access()) {
      case PUBLIC -> {}
      case PRIVATE -> {
        if (!identity.grants(channel)) {
          throw new SinalException(
              ErrorCode.FORBIDDEN, "channel '" + channel + "' is private and the token does not grant it");
        }
      }
      case USER -> {
        if (identity.user().isEmpty() || !identity.user().equals(channel.rest())) {
          throw new SinalException(
              ErrorCode.FORBIDDEN, "channel '" + channel + "' is readable only by its own user");
        }
      }
    }
    return options;
  }

  /** Puts {@code guard} in front of client publications in namespace {@code name}. */
  public void guard(String name, PublishGuard guard) {
    guards.put(name, guard);
  }

  /**
   * A publication by a client: checked against the namespace's rules, passed through the namespace's
   * {@link PublishGuard} if it has one, then published.
   */
  public Future<Publication> clientPublish(Identity identity, String channel, String type, Object data) {
    ChannelName name;
    try {
      name = ChannelName.of(channel);
      checkClientPublish(identity, name);
    } catch (SinalException e) {
      return Future.failedFuture(e);
    }
    PublishGuard guard = guards.get(name.namespace());
    if (guard == null) {
      return publish(channel, type, data);
    }
    return guard.accept(identity, name, type, data).compose(accepted -> publish(channel, type, accepted));
  }

  /** Checks that a client with {@code identity} may publish on {@code channel}. */
  public void checkClientPublish(Identity identity, ChannelName channel) {
    NamespaceOptions options = checkSubscribe(identity, channel);
    if (!options.clientPublish()) {
      throw new SinalException(
          ErrorCode.FORBIDDEN,
          "clients may not publish in namespace '" + channel.namespace() + "'; use the server API");
    }
  }

  /**
   * Publishes {@code data} (any JSON value: String, Number, Boolean, JsonObject, JsonArray or null) on
   * {@code channel}. Fails with a {@link SinalException} for a bad channel, type or size.
   */
  public Future<Publication> publish(String channel, String type, Object data) {
    return publishAll(List.of(channel), type, data).get(0);
  }

  /**
   * Publishes the same data to each channel (a broadcast): the type is checked and the data encoded
   * once. Each channel gets its own result, in order: a bad channel name fails its own first, then a
   * bad type or data fails every channel alike.
   */
  public List<Future<Publication>> publishAll(List<String> channels, String type, Object data) {
    String dataJson = null;
    SinalException refused = null;
    try {
      checkType(type);
      FiniteNumbers.require(data);
      dataJson = Json.encode(data);
      if (dataJson.length() > maxMessageSize || utf8Length(dataJson) > maxMessageSize) {
        refused = new SinalException(
            ErrorCode.MESSAGE_TOO_LARGE, "data is " + utf8Length(dataJson) + " bytes, the maximum is " + maxMessageSize);
      }
    } catch (SinalException e) {
      refused = e;
    } catch (RuntimeException e) {
      refused = new SinalException(ErrorCode.BAD_REQUEST, "data is not JSON");
    }
    List<Future<Publication>> results = new ArrayList<>(channels.size());
    for (String channel : channels) {
      try {
        ChannelName name = ChannelName.of(channel);
        NamespaceOptions options = options(name);
        if (refused != null) {
          throw refused;
        }
        results.add(broker.publish(name, type, dataJson, options).onSuccess(accepted));
      } catch (SinalException e) {
        results.add(Future.failedFuture(e));
      }
    }
    return results;
  }

  /** Publications this node accepted since start. */
  public long publications() {
    return publications.sum();
  }

  /** Sees every publication this node accepts (for operations: counts, recent messages); must not block. */
  public void observe(Consumer<Publication> observer) {
    this.observer = observer;
  }

  /** Publishes data given as JSON text, as the server API receives it. */
  public Future<Publication> publishJson(String channel, String type, String dataJson) {
    try {
      return publish(channel, type, Json.decodeValue(dataJson));
    } catch (DecodeException e) {
      return Future.failedFuture(new SinalException(ErrorCode.BAD_REQUEST, "data is not valid JSON"));
    }
  }

  private static void checkType(String type) {
    if (!TYPE.matcher(type).matches()) {
      throw new SinalException(
          ErrorCode.BAD_REQUEST, "type must be 1 to 64 characters of A-Z a-z 0-9 _ - .");
    }
    if (RESERVED_TYPES.contains(type)) {
      throw new SinalException(ErrorCode.BAD_REQUEST, "type '" + type + "' is reserved by the protocol");
    }
  }

  private static int utf8Length(String s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** The newest {@code limit} publications of a channel still in history, oldest first. */
  public Future<HistoryResult> history(ChannelName channel, int limit) {
    return broker.history(channel, -1, limit, options(channel));
  }

  /** History after a position, for recovery: everything still stored after {@code afterOffset}. */
  public Future<HistoryResult> historyAfter(ChannelName channel, long afterOffset, int limit) {
    return broker.history(channel, afterOffset, limit, options(channel));
  }

  public Future<List<ClientInfo>> presence(ChannelName channel) {
    if (!options(channel).presence()) {
      return Future.failedFuture(presenceDisabled(channel));
    }
    return presence.get(channel);
  }

  private static SinalException presenceDisabled(ChannelName channel) {
    return new SinalException(ErrorCode.PRESENCE_DISABLED, "namespace '" + channel.namespace() + "' has no presence");
  }

  /** Records {@code client} as present in {@code channel} and tells every subscriber. */
  public Future<Void> join(ChannelName channel, ClientInfo client) {
    return presence.add(channel, client).onSuccess(v -> broker.push(Push.join(channel.value(), client)));
  }

  public Future<Void> leave(ChannelName channel, ClientInfo client) {
    return presence
        .remove(channel, client.client())
        .onSuccess(v -> broker.push(Push.leave(channel.value(), client)));
  }

  /**
   * Starts or renews a presence lease of {@code user} in {@code channel}, for a client that is present
   * without a connection (a long poll); see {@link Presence#lease}. The entry a lease starts is pushed
   * as a join; a refusal is an answer ({@link Lease#outcome}) the caller words, not a failure.
   */
  public Future<Lease> lease(ChannelName channel, String user, String leaseId, LeaseTerms terms) {
    if (!options(channel).presence()) {
      return Future.failedFuture(presenceDisabled(channel));
    }
    return presence.lease(channel, user, leaseId, terms).onSuccess(lease -> {
      if (lease.joined() != null) {
        broker.push(Push.join(channel.value(), lease.joined()));
      }
    });
  }

  /** Ends {@code user}'s lease at once; the last of their leases in the channel leaves. */
  public Future<Void> endLease(ChannelName channel, String user, String leaseId) {
    return presence.endLease(channel, user, leaseId).onSuccess(left -> {
      if (left != null) {
        broker.push(Push.leave(channel.value(), left));
      }
    }).mapEmpty();
  }

  /**
   * Ends the leases not renewed in time, each entry that goes with them leaving; the server calls it
   * every second ({@link #LEASE_SWEEP_MILLIS}). Every node may: each expired lease ends once.
   */
  public Future<Void> expireLeases() {
    return presence.expireLeases(LEASE_SWEEP_BUDGET)
        .onSuccess(left -> left.forEach(l -> broker.push(Push.leave(l.channel().value(), l.client()))))
        .mapEmpty();
  }

  // ---- fan-out to event loops ----

  /** Registers the subscribers of one event loop; returns its index for {@link #interested}. */
  public synchronized int attach(Delivery delivery) {
    if (loops.size() == MAX_LOOPS) {
      throw new IllegalStateException("at most " + MAX_LOOPS + " event loops");
    }
    loops.add(delivery);
    return loops.size() - 1;
  }

  /** Loop {@code index} has its first subscriber for {@code channel}. */
  public void interested(String channel, int index) {
    interest.compute(channel, (k, words) -> {
      long[] set = words == null ? new long[index / 64 + 1] : Arrays.copyOf(words, Math.max(words.length, index / 64 + 1));
      set[index / 64] |= 1L << (index % 64);
      return set;
    });
  }

  /** Loop {@code index} lost its last subscriber for {@code channel}. */
  public void uninterested(String channel, int index) {
    interest.computeIfPresent(channel, (k, words) -> {
      long[] set = words.clone();
      set[index / 64] &= ~(1L << (index % 64));
      for (long word : set) {
        if (word != 0) {
          return set;
        }
      }
      return null;
    });
  }

  /** What the broker holds in this process for channel streams (nothing with Redis). */
  public HistoryUsage historyUsage() {
    return broker.usage();
  }

  /** Channels with at least one subscriber on this node. */
  public int activeChannels() {
    return interest.size();
  }

  @Override
  public void onPublication(Publication publication) {
    fanOut(publication.channel(), publication);
  }

  @Override
  public void onPush(Push push) {
    fanOut(push.channel(), push);
  }

  /** Hands {@code item} once to each loop with subscribers for {@code channel}. */
  private void fanOut(String channel, Outbound item) {
    long[] words = interest.get(channel);
    if (words == null) {
      return;
    }
    for (int w = 0; w < words.length; w++) {
      for (long m = words[w]; m != 0; m &= m - 1) {
        Delivery loop = loops.get(w * 64 + Long.numberOfTrailingZeros(m));
        if (item instanceof Publication p) {
          loop.publication(p);
        } else {
          loop.push((Push) item);
        }
      }
    }
  }

  /**
   * Nothing published elsewhere reaches this node any more: every client is told to reconnect later,
   * so none waits on a stream that silently stopped. They resume from their cursors.
   */
  @Override
  public void onUnavailable() {
    loops.forEach(loop -> loop.closeAll(Disconnect.BROKER_UNAVAILABLE));
  }

  public Future<Void> close() {
    return broker.close();
  }
}
