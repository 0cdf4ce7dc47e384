package io.sinal.hub;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The engine as applications, the server API and sessions call it: namespaces and their rules (who
 * may subscribe, who may publish, guards), publishing through the {@link Broker}, history and
 * presence. What the broker delivers goes to the {@link FanOut} given here, which hands it to the
 * event loops with subscribers; nothing of that plumbing is part of this API.
 *
 * <p>Thread-safe: every method may be called from any thread and none blocks; results come as
 * futures.
 */
public final class Hub {
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
  private final LongAdder publications = new LongAdder();
  private volatile Consumer<Publication> observer = p -> {};
  private final Handler<Publication> accepted =
      p -> {
        publications.increment();
        observer.accept(p);
      };

  /** Starts {@code broker}, which from then on delivers to {@code fanOut}. */
  public Hub(
      Broker broker,
      Presence presence,
      FanOut fanOut,
      Clock clock,
      String nodeId,
      int maxMessageSize) {
    this.broker = broker;
    this.presence = presence;
    this.clock = clock;
    this.nodeId = nodeId;
    this.maxMessageSize = maxMessageSize;
    broker.start(fanOut);
  }

  public Clock clock() {
    return clock;
  }

  public String nodeId() {
    return nodeId;
  }

  /**
   * Sets the options of a namespace ({@code "*"} for every namespace without options of its own).
   */
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

  /**
   * Checks that {@code identity} may subscribe to {@code channel}; returns the namespace's options.
   */
  public NamespaceOptions checkSubscribe(Identity identity, ChannelName channel) {
    NamespaceOptions options = options(channel);
    switch (options.access()) {
      case PUBLIC -> {}
      case PRIVATE -> {
        if (!identity.grants(channel)) {
          throw new SinalException(
              ErrorCode.FORBIDDEN,
              "channel '" + channel + "' is private and the token does not grant it");
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
   * A publication by a client: checked against the namespace's rules, passed through the
   * namespace's {@link PublishGuard} if it has one, then published.
   */
  public Future<Publication> clientPublish(
      Identity identity, String channel, String type, Object data) {
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
    return guard
        .accept(identity, name, type, data)
        .compose(accepted -> publish(channel, type, accepted));
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
   * Publishes {@code data} (any JSON value: String, Number, Boolean, JsonObject, JsonArray or null)
   * on {@code channel}. Fails with a {@link SinalException} for a bad channel, type or size.
   */
  public Future<Publication> publish(String channel, String type, Object data) {
    return publishAll(List.of(channel), type, data).get(0);
  }

  /**
   * Publishes the same data to each channel (a broadcast): the type is checked and the data encoded
   * once. Each channel gets its own result, in order: a bad channel name fails its own first, then
   * a bad type or data fails every channel alike.
   */
  public List<Future<Publication>> publishAll(List<String> channels, String type, Object data) {
    String dataJson = null;
    SinalException refused = null;
    try {
      checkType(type);
      FiniteNumbers.require(data);
      dataJson = Json.encode(data);
      if (dataJson.length() > maxMessageSize || utf8Length(dataJson) > maxMessageSize) {
        refused =
            new SinalException(
                ErrorCode.MESSAGE_TOO_LARGE,
                "data is " + utf8Length(dataJson) + " bytes, the maximum is " + maxMessageSize);
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

  /**
   * Sees every publication this node accepts (for operations: counts, recent messages); must not
   * block.
   */
  public void observe(Consumer<Publication> observer) {
    this.observer = observer;
  }

  /** Publishes data given as JSON text, as the server API receives it. */
  public Future<Publication> publishJson(String channel, String type, String dataJson) {
    try {
      return publish(channel, type, Json.decodeValue(dataJson));
    } catch (DecodeException e) {
      return Future.failedFuture(
          new SinalException(ErrorCode.BAD_REQUEST, "data is not valid JSON"));
    }
  }

  private static void checkType(String type) {
    if (!TYPE.matcher(type).matches()) {
      throw new SinalException(
          ErrorCode.BAD_REQUEST, "type must be 1 to 64 characters of A-Z a-z 0-9 _ - .");
    }
    if (RESERVED_TYPES.contains(type)) {
      throw new SinalException(
          ErrorCode.BAD_REQUEST, "type '" + type + "' is reserved by the protocol");
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
    return new SinalException(
        ErrorCode.PRESENCE_DISABLED, "namespace '" + channel.namespace() + "' has no presence");
  }

  /** Records {@code client} as present in {@code channel} and tells every subscriber. */
  public Future<Void> join(ChannelName channel, ClientInfo client) {
    return presence
        .add(channel, client)
        .onSuccess(v -> broker.push(Push.join(channel.value(), client)));
  }

  public Future<Void> leave(ChannelName channel, ClientInfo client) {
    return presence
        .remove(channel, client.client())
        .onSuccess(v -> broker.push(Push.leave(channel.value(), client)));
  }

  /**
   * Starts or renews a presence lease of {@code user} in {@code channel}, for a client that is
   * present without a connection (a long poll); see {@link Presence#lease}. The entry a lease
   * starts is pushed as a join; a refusal is an answer ({@link Lease#outcome}) the caller words,
   * not a failure.
   */
  public Future<Lease> lease(ChannelName channel, String user, String leaseId, LeaseTerms terms) {
    if (!options(channel).presence()) {
      return Future.failedFuture(presenceDisabled(channel));
    }
    return presence
        .lease(channel, user, leaseId, terms)
        .onSuccess(
            lease -> {
              if (lease.joined() != null) {
                broker.push(Push.join(channel.value(), lease.joined()));
              }
            });
  }

  /** Ends {@code user}'s lease at once; the last of their leases in the channel leaves. */
  public Future<Void> endLease(ChannelName channel, String user, String leaseId) {
    return presence
        .endLease(channel, user, leaseId)
        .onSuccess(
            left -> {
              if (left != null) {
                broker.push(Push.leave(channel.value(), left));
              }
            })
        .mapEmpty();
  }

  /**
   * Ends the leases not renewed in time, each entry that goes with them leaving; the server calls
   * it every second ({@link #LEASE_SWEEP_MILLIS}). Every node may: each expired lease ends once.
   */
  public Future<Void> expireLeases() {
    return presence
        .expireLeases(LEASE_SWEEP_BUDGET)
        .onSuccess(
            left -> left.forEach(l -> broker.push(Push.leave(l.channel().value(), l.client()))))
        .mapEmpty();
  }

  /** What the broker holds in this process for channel streams (nothing with Redis). */
  public HistoryUsage historyUsage() {
    return broker.usage();
  }

  public Future<Void> close() {
    return broker.close();
  }
}
