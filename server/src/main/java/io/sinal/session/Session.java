package io.sinal.session;

import io.sinal.hub.ChannelName;
import io.sinal.hub.ClientInfo;
import io.sinal.hub.Cursor;
import io.sinal.hub.Disconnect;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.HistoryResult;
import io.sinal.hub.Identity;
import io.sinal.hub.NamespaceOptions;
import io.sinal.hub.Outbound;
import io.sinal.hub.Publication;
import io.sinal.hub.Push;
import io.sinal.hub.SinalException;
import io.sinal.hub.StreamPosition;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One client connection (or one poll request) whatever its transport: its subscriptions and their
 * positions, recovery from a cursor, what the client is told of positions, and the bounded queue of
 * what is waiting to be written. Owned by its event loop; every method runs there. A transport
 * opens one ({@link LoopHub#open}), makes calls on it for what it reads, and writes what its {@link
 * Sink} is given.
 *
 * <p>It subscribes in one of two ways, by what the transport carries:
 *
 * <ul>
 *   <li>channel by channel ({@link #subscribe}), for a connection with commands (WebSocket): the
 *       reply to the command, naming where the subscription starts, comes before anything of the
 *       channel;
 *   <li>as a stream ({@link #subscribeAll}), a fixed set of channels at once (SSE, a poll): it
 *       opens with {@code connected}, naming every starting position, and each item that moves a
 *       position reaches the sink as a {@link Positioned} carrying the stream's cursor after it
 *       (for an SSE {@code id:} line, a poll's {@code cursor}), with every entry of the cursor the
 *       client came with, subscribed or carried along unchanged.
 * </ul>
 *
 * <p>Delivery rule, per subscription: a publication is written only if its offset is exactly one
 * past the last one written. An older one is a duplicate and dropped; a newer one means something
 * was missed (a broker that lost a message on the way), and history is read again to fill the gap.
 * So whatever the broker does, a client sees every offset once, in order, or an explicit reset.
 */
public final class Session {
  /** Live publications held while history is read; a reader this far behind is a slow consumer. */
  private static final int MAX_BUFFERED = 10_000;

  /**
   * This session's number on its loop; {@link #id} is made from it when asked (there are tens of
   * thousands).
   */
  private final long number;

  private final LoopHub loop;
  private final Sink sink;
  private final SessionKind kind;
  private Identity identity;
  private final Map<String, Subscription> subscriptions = new HashMap<>(4);

  /**
   * The cursor of a stream ({@link #subscribeAll}); null for a session subscribing channel by
   * channel.
   */
  private StreamCursor stream;

  private ArrayList<Outbound> pending;
  private int pendingBytes;
  private boolean dirty;
  private boolean closed;
  private boolean connected;

  /**
   * Client publications paid for until then (microseconds of the hub's clock), see {@link
   * PublishRate}.
   */
  private long publishPaidUntil;

  Session(long number, LoopHub loop, Sink sink, SessionKind kind, Identity identity) {
    this.number = number;
    this.loop = loop;
    this.sink = sink;
    this.kind = kind;
    this.identity = identity;
  }

  /** Unique in the cluster: the node's id, the loop's index, this session's number. */
  public String id() {
    return loop.sessionId(number);
  }

  long number() {
    return number;
  }

  SessionKind kind() {
    return kind;
  }

  public Identity identity() {
    return identity;
  }

  public void identity(Identity identity) {
    loop.unwatchExpiry(this);
    this.identity = identity;
    loop.watchExpiry(this);
  }

  /** The channels subscribed now. */
  public List<ChannelName> channels() {
    List<ChannelName> channels = new ArrayList<>(subscriptions.size());
    subscriptions.values().forEach(sub -> channels.add(sub.channel));
    return channels;
  }

  /**
   * Marks the one {@code connect} a connection may send, before any subscription; false if too
   * late.
   */
  public boolean markConnected() {
    if (connected || !subscriptions.isEmpty()) {
      return false;
    }
    connected = true;
    return true;
  }

  /**
   * Counts one client publication against {@code rate}; throws {@code limit_exceeded} (nothing
   * counted) when the connection has none left.
   */
  public void takePublish(PublishRate rate) {
    long paid = rate.admit(publishPaidUntil, loop.hub().clock().millis());
    if (paid < 0) {
      loop.connections().refusedPublishes.increment();
      throw new SinalException(
          ErrorCode.LIMIT_EXCEEDED,
          "at most "
              + rate.perSecond()
              + " publications per second per connection, in bursts of "
              + rate.burst()
              + ": this one was not published");
    }
    publishPaidUntil = paid;
  }

  /** Runs {@code handler} on this session's event loop when {@code future} completes. */
  public <T> void onLoop(Future<T> future, Handler<AsyncResult<T>> handler) {
    loop.onLoop(future, handler);
  }

  public boolean isClosed() {
    return closed;
  }

  Sink sink() {
    return sink;
  }

  /**
   * Subscribes to {@code channel}, recovering from {@code cursor}'s entry for it when it has one
   * (else starting at the channel's current position). The reply to command {@code replyId}, naming
   * the position the subscription starts from (the one the recovered publications follow), is
   * queued before the reset or those publications. The future completes once all of it is queued;
   * it fails with a {@link SinalException} when the subscription is refused (a bad name or cursor,
   * the namespace's rules, a limit), which the caller answers the command with.
   */
  public Future<Void> subscribe(long replyId, String channel, String cursor) {
    ChannelName name;
    StreamPosition since;
    NamespaceOptions options;
    try {
      name = ChannelName.of(channel);
      since = Cursor.parse(cursor).get(name.value());
      options = admit(name);
    } catch (SinalException e) {
      return Future.failedFuture(e);
    }
    return start(
        name, options, since, start -> enqueue(Push.subscribed(replyId, name.value(), start)));
  }

  /**
   * Opens this session as a stream of {@code channels} (repeats ignored) recovering from {@code
   * cursor}, as an SSE stream or a poll asks. Every channel is checked before any is subscribed, so
   * a refusal leaves nothing behind. Nothing reaches the sink until every subscription has its
   * starting position; then the first item is {@code connected}, naming them and telling the client
   * {@code heartbeatMillis} (how often it hears from the server), and what was recovered follows.
   * The future completes once that is written. It fails with a {@link SinalException} when the
   * stream is refused; the session is then closed without a word to the sink, and the transport
   * answers with that error.
   */
  public Future<Void> subscribeAll(List<String> channels, String cursor, long heartbeatMillis) {
    if (stream != null || !subscriptions.isEmpty()) {
      throw new IllegalStateException("a stream subscribes once, to all its channels");
    }
    List<ChannelName> names = new ArrayList<>(channels.size());
    List<NamespaceOptions> options = new ArrayList<>(channels.size());
    LinkedHashMap<String, StreamPosition> positions;
    try {
      if (channels.isEmpty()) {
        throw new SinalException(
            ErrorCode.BAD_REQUEST, "at least one 'channel' parameter is needed");
      }
      if (channels.size() > loop.limits().maxSubscriptions()) {
        throw new SinalException(
            ErrorCode.LIMIT_EXCEEDED,
            "at most " + loop.limits().maxSubscriptions() + " channels per request");
      }
      for (String channel : channels) {
        ChannelName name = ChannelName.of(channel);
        if (!names.contains(name)) {
          names.add(name);
        }
      }
      positions = Cursor.parse(cursor);
      for (ChannelName name : names) {
        options.add(admit(name));
      }
    } catch (SinalException e) {
      cleanUp();
      return Future.failedFuture(e);
    }
    StreamCursor opening = new StreamCursor(positions);
    stream = opening;
    List<Future<Void>> started = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      String channel = names.get(i).value();
      started.add(
          start(
              names.get(i),
              options.get(i),
              positions.get(channel),
              position -> opening.start(channel, position)));
    }
    return Future.all(started)
        .transform(
            ar -> {
              if (ar.failed()) {
                if (!closed) {
                  cleanUp();
                }
                return Future.failedFuture(ar.cause());
              }
              if (!closed) {
                // In front of what recovery queued meanwhile: the stream opens with where it
                // starts.
                Push connected = opening.connected(id(), heartbeatMillis);
                if (pending == null) {
                  pending = new ArrayList<>(4);
                }
                pending.add(0, connected);
                pendingBytes += connected.bytes().length;
                flush();
              }
              return Future.succeededFuture();
            });
  }

  /**
   * The checks of one subscription, before anything is registered; returns the namespace's options.
   */
  private NamespaceOptions admit(ChannelName channel) {
    NamespaceOptions options = loop.hub().checkSubscribe(identity, channel);
    if (identity.expiresAt() <= loop.hub().clock().millis()) {
      throw new SinalException(ErrorCode.UNAUTHORIZED, "token expired");
    }
    if (subscriptions.containsKey(channel.value())) {
      throw new SinalException(
          ErrorCode.ALREADY_SUBSCRIBED, "already subscribed to '" + channel + "'");
    }
    if (subscriptions.size() >= loop.limits().maxSubscriptions()) {
      throw new SinalException(
          ErrorCode.LIMIT_EXCEEDED,
          "at most " + loop.limits().maxSubscriptions() + " subscriptions per connection");
    }
    loop.connections().admitSubscription();
    return options;
  }

  /**
   * Registers an admitted subscription, then reads history: {@code onStart} gets the starting
   * position right before a reset or the recovered publications are queued.
   */
  private Future<Void> start(
      ChannelName channel,
      NamespaceOptions options,
      StreamPosition since,
      Consumer<StreamPosition> onStart) {
    Subscription sub = new Subscription(channel, options.presence() && kind.lasting());
    subscriptions.put(channel.value(), sub);
    // Registered before history is read: what is published meanwhile is buffered, not missed.
    loop.add(channel.value(), this);
    Promise<Void> done = Promise.promise();
    recover(sub, since, onStart, done);
    return done.future()
        .onSuccess(
            v -> {
              if (sub.presence && !closed) {
                sub.joined = true;
                loop.hub().join(channel, clientInfo());
              }
            });
  }

  /**
   * Reads history after {@code since}: for a new subscription ({@code onStart} given) or to fill a
   * gap (null).
   */
  private void recover(
      Subscription sub,
      StreamPosition since,
      Consumer<StreamPosition> onStart,
      Promise<Void> done) {
    sub.recovering = true;
    long after = since == null ? Long.MAX_VALUE : since.offset();
    loop.onLoop(
        loop.hub().historyAfter(sub.channel, after, Integer.MAX_VALUE),
        ar -> {
          if (closed || subscriptions.get(sub.channel.value()) != sub) {
            done.tryFail(
                new SinalException(ErrorCode.BAD_REQUEST, "unsubscribed during subscribe"));
            return;
          }
          if (ar.failed()) {
            if (onStart == null) {
              close(Disconnect.SHUTDOWN); // a live gap we cannot fill: make the client resume later
            } else {
              unsubscribe(sub.channel.value());
            }
            done.tryFail(ar.cause());
            return;
          }
          applyRecovery(sub, since, ar.result(), onStart);
          done.tryComplete();
        });
  }

  private void applyRecovery(
      Subscription sub,
      StreamPosition since,
      HistoryResult result,
      Consumer<StreamPosition> onStart) {
    StreamPosition current = result.position();
    List<Publication> recovered = result.publications();
    String resetReason = null;
    if (since == null) {
      recovered = List.of();
    } else if (!since.epoch().equals(current.epoch()) || since.offset() > current.offset()) {
      resetReason = "epoch_changed";
    } else if (since.offset() < current.offset()
        && (recovered.isEmpty() || recovered.get(0).offset() != since.offset() + 1)) {
      resetReason = "history_exceeded";
    }
    if (resetReason != null || since == null) {
      recovered = List.of();
      sub.position = current;
    } else {
      sub.position = since;
    }
    if (onStart != null) {
      onStart.accept(sub.position);
    }
    if (resetReason != null) {
      enqueue(Push.reset(sub.channel.value(), current, resetReason));
    }
    sub.recovering = false;
    for (Publication p : recovered) {
      offer(p);
    }
    List<Publication> buffered = sub.buffered;
    sub.buffered = null;
    if (buffered != null) {
      for (Publication p : buffered) {
        offer(p);
      }
    }
  }

  /** A publication for one of this session's channels, from the loop hub or from recovery. */
  void offer(Publication p) {
    Subscription sub = subscriptions.get(p.channel());
    if (sub == null || closed) {
      return;
    }
    if (sub.recovering) {
      if (sub.buffered == null) {
        sub.buffered = new ArrayList<>(4);
      }
      sub.buffered.add(p);
      if (sub.buffered.size() > MAX_BUFFERED) {
        close(Disconnect.SLOW_CONSUMER);
      }
      return;
    }
    if (!p.epoch().equals(sub.position.epoch())) {
      // The channel's history was lost under a live subscription: say so, then go on from here.
      sub.position = new StreamPosition(p.epoch(), p.offset() - 1);
      enqueue(Push.reset(p.channel(), sub.position, "epoch_changed"));
    }
    long expected = sub.position.offset() + 1;
    if (p.offset() < expected) {
      return;
    }
    if (p.offset() > expected) {
      sub.buffered = new ArrayList<>(4);
      sub.buffered.add(p);
      recover(sub, sub.position, null, Promise.promise());
      return;
    }
    sub.position = p.position();
    enqueue(p);
  }

  public void unsubscribe(String channel) {
    Subscription sub = subscriptions.remove(channel);
    if (sub != null) {
      loop.remove(channel, this);
      if (sub.joined) {
        loop.hub().leave(sub.channel, clientInfo());
      }
    }
  }

  public ClientInfo clientInfo() {
    return new ClientInfo(id(), identity.user());
  }

  /** Queues a reply or push for the next write; a session whose token has expired ends instead. */
  public void enqueue(Outbound item) {
    if (closed) {
      return;
    }
    if (identity.expiresAt() != Long.MAX_VALUE
        && identity.expiresAt() <= loop.hub().clock().millis()) {
      // Between two sweeps of the loop: nothing more reaches the client once its token has expired.
      close(Disconnect.TOKEN_EXPIRED);
      return;
    }
    if (pending == null) {
      pending = new ArrayList<>(4);
    }
    pending.add(item);
    pendingBytes += item.bytes().length;
    if (checkQueue() && !dirty) {
      dirty = true;
      loop.markDirty(this);
    }
  }

  /**
   * A connection is a slow consumer when more than the limit waits for it while its socket does not
   * take more. (A writable socket gets everything at the end of this loop turn, so a large recovery
   * is not mistaken for a slow reader.)
   */
  private boolean checkQueue() {
    if (pendingBytes > loop.limits().maxQueuedBytes() && !sink.writable()) {
      close(Disconnect.SLOW_CONSUMER);
      return false;
    }
    return true;
  }

  /**
   * Counts {@code bytes} the transport owes the peer outside the queue (a reply to a control frame
   * it could not write yet) against the same budget as the queue until the socket drains: a peer
   * over it is a slow consumer. Only while the transport is not writable.
   */
  public void charge(int bytes) {
    if (closed) {
      return;
    }
    pendingBytes += bytes;
    checkQueue();
  }

  /**
   * Writes what is queued, unless the peer is not reading (then {@link #drained()} resumes) or a
   * stream still waits for its starting positions.
   */
  void flush() {
    dirty = false;
    if (closed || (stream != null && stream.opening()) || !sink.writable()) {
      return;
    }
    if (pending == null || pending.isEmpty()) {
      pendingBytes = 0; // what was charged, the transport writes now that it can
      return;
    }
    List<Outbound> batch = pending;
    pending = null;
    pendingBytes = 0;
    loop.wrote(batch);
    sink.write(stream == null ? batch : stream.positioned(batch));
  }

  /**
   * A stream's cursor after everything written to its sink (before anything, the entries it came
   * with and the starts known so far): for a transport that answers without having been written a
   * {@link Positioned} (a poll ended by a drain as it opens). Null for a session that is not a
   * stream.
   */
  public String cursor() {
    return stream == null ? null : stream.current();
  }

  /** The transport can take more again. */
  public void drained() {
    flush();
  }

  /**
   * Ends the session from the server side: tells the client (when the transport can) and closes.
   */
  public void close(Disconnect disconnect) {
    if (closed) {
      return;
    }
    if (disconnect.code() == Disconnect.SLOW_CONSUMER.code()) {
      loop.slowConsumer();
    }
    cleanUp();
    sink.close(disconnect);
  }

  /** The peer went away (or the request ended); no goodbye to send. */
  public void peerClosed() {
    if (!closed) {
      cleanUp();
    }
  }

  private void cleanUp() {
    closed = true;
    pending = null;
    pendingBytes = 0;
    for (String channel : List.copyOf(subscriptions.keySet())) {
      unsubscribe(channel);
    }
    loop.closed(this);
  }

  /** One subscribed channel. */
  private static final class Subscription {
    final ChannelName channel;
    final boolean presence;
    StreamPosition position;
    boolean recovering;
    boolean joined;

    /** Live publications that arrived while history was being read; offered once it is applied. */
    List<Publication> buffered;

    Subscription(ChannelName channel, boolean presence) {
      this.channel = channel;
      this.presence = presence;
    }
  }
}
