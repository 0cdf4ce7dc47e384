package io.sinal.session;

import io.sinal.hub.ChannelName;
import io.sinal.hub.ClientInfo;
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
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One client connection (or one poll request) whatever its transport: its subscriptions and their
 * positions, recovery from a cursor, and the bounded queue of what is waiting to be written. Owned by
 * its event loop; every method runs there.
 *
 * <p>Delivery rule, per subscription: a publication is written only if its offset is exactly one past
 * the last one written. An older one is a duplicate and dropped; a newer one means something was missed
 * (a broker that lost a message on the way), and history is read again to fill the gap. So whatever the
 * broker does, a client sees every offset once, in order, or an explicit reset.
 */
public final class Session {
  /** Live publications held while history is read; a reader this far behind is a slow consumer. */
  private static final int MAX_BUFFERED = 10_000;

  private final String id;
  private final LoopHub loop;
  private final Sink sink;
  private Identity identity;
  private final Map<String, Subscription> subscriptions = new HashMap<>(4);
  private ArrayList<Outbound> pending;
  private int pendingBytes;
  private boolean dirty;
  private boolean held;
  private boolean closed;
  private boolean connected;
  /** Client publications paid for until then (microseconds of the hub's clock), see {@link PublishRate}. */
  private long publishPaidUntil;

  Session(String id, LoopHub loop, Sink sink, Identity identity) {
    this.id = id;
    this.loop = loop;
    this.sink = sink;
    this.identity = identity;
  }

  public String id() {
    return id;
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

  /** Marks the one {@code connect} a connection may send, before any subscription; false if too late. */
  public boolean markConnected() {
    if (connected || !subscriptions.isEmpty()) {
      return false;
    }
    connected = true;
    return true;
  }

  /**
   * Counts one client publication against {@code rate}; throws {@code limit_exceeded} (nothing counted)
   * when the connection has none left.
   */
  public void takePublish(PublishRate rate) {
    long paid = rate.admit(publishPaidUntil, loop.hub().clock().millis());
    if (paid < 0) {
      loop.connections().refusedPublishes.increment();
      throw new SinalException(ErrorCode.LIMIT_EXCEEDED, "at most " + rate.perSecond()
          + " publications per second per connection, in bursts of " + rate.burst() + ": this one was not published");
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
   * Subscribes, recovering from {@code since} when given (else starting at the channel's current
   * position). {@code beforeDelivery} gets the starting position — the one the recovered publications,
   * if any, follow — right before a reset or those publications are queued, so a reply queued there
   * comes first. The future completes once everything
   * recovered is queued; it fails with a {@link SinalException} when the subscription is refused.
   */
  public Future<Void> subscribe(
      ChannelName channel, StreamPosition since, Consumer<StreamPosition> beforeDelivery) {
    NamespaceOptions options;
    try {
      options = loop.hub().checkSubscribe(identity, channel);
      if (identity.expiresAt() <= loop.hub().clock().millis()) {
        throw new SinalException(ErrorCode.UNAUTHORIZED, "token expired");
      }
      if (subscriptions.containsKey(channel.value())) {
        throw new SinalException(ErrorCode.ALREADY_SUBSCRIBED, "already subscribed to '" + channel + "'");
      }
      if (subscriptions.size() >= loop.limits().maxSubscriptions()) {
        throw new SinalException(
            ErrorCode.LIMIT_EXCEEDED,
            "at most " + loop.limits().maxSubscriptions() + " subscriptions per connection");
      }
      loop.connections().admitSubscription();
    } catch (SinalException e) {
      return Future.failedFuture(e);
    }
    Subscription sub = new Subscription(channel, options.presence() && sink.lasting());
    subscriptions.put(channel.value(), sub);
    // Registered before history is read: what is published meanwhile is buffered, not missed.
    loop.add(channel.value(), this);
    Promise<Void> done = Promise.promise();
    recover(sub, since, beforeDelivery, done);
    return done.future().onSuccess(v -> {
      if (sub.presence && !closed) {
        sub.joined = true;
        loop.hub().join(channel, clientInfo());
      }
    });
  }

  private void recover(
      Subscription sub, StreamPosition since, Consumer<StreamPosition> beforeDelivery, Promise<Void> done) {
    sub.recovering = true;
    long after = since == null ? Long.MAX_VALUE : since.offset();
    loop.onLoop(
        loop.hub().historyAfter(sub.channel, after, Integer.MAX_VALUE),
        ar -> {
          if (closed || subscriptions.get(sub.channel.value()) != sub) {
            done.tryFail(new SinalException(ErrorCode.BAD_REQUEST, "unsubscribed during subscribe"));
            return;
          }
          if (ar.failed()) {
            if (beforeDelivery == null) {
              close(Disconnect.SHUTDOWN); // a live gap we cannot fill: make the client resume later
            } else {
              unsubscribe(sub.channel.value());
            }
            done.tryFail(ar.cause());
            return;
          }
          applyRecovery(sub, since, ar.result(), beforeDelivery);
          done.tryComplete();
        });
  }

  private void applyRecovery(
      Subscription sub, StreamPosition since, HistoryResult result, Consumer<StreamPosition> beforeDelivery) {
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
    if (beforeDelivery != null) {
      beforeDelivery.accept(sub.position);
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
    return new ClientInfo(id, identity.user());
  }

  /** Queues a reply or push for the next write; a session whose token has expired ends instead. */
  public void enqueue(Outbound item) {
    if (closed) {
      return;
    }
    if (identity.expiresAt() != Long.MAX_VALUE && identity.expiresAt() <= loop.hub().clock().millis()) {
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
   * take more. (A writable socket gets everything at the end of this loop turn, so a large recovery is
   * not mistaken for a slow reader.)
   */
  private boolean checkQueue() {
    if (pendingBytes > loop.limits().maxQueuedBytes() && !sink.writable()) {
      close(Disconnect.SLOW_CONSUMER);
      return false;
    }
    return true;
  }

  /**
   * Counts {@code bytes} the transport owes the peer outside the queue (a reply to a control frame it
   * could not write yet) against the same budget as the queue until the socket drains: a peer over it
   * is a slow consumer. Only while the transport is not writable.
   */
  public void charge(int bytes) {
    if (closed) {
      return;
    }
    pendingBytes += bytes;
    checkQueue();
  }

  /** Holds writes until {@link #release()}: for a transport that must put something in front. */
  public void hold() {
    held = true;
  }

  public void release() {
    held = false;
    flush();
  }

  /** Puts {@code item} in front of everything queued; only while held. */
  public void enqueueFirst(Outbound item) {
    if (pending == null) {
      pending = new ArrayList<>(4);
    }
    pending.add(0, item);
    pendingBytes += item.bytes().length;
  }

  /** Writes what is queued, unless the peer is not reading; then {@link #drained()} resumes. */
  public void flush() {
    dirty = false;
    if (closed || held || !sink.writable()) {
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
    sink.write(batch);
  }

  /** The transport can take more again. */
  public void drained() {
    flush();
  }

  /** Ends the session from the server side: tells the client (when the transport can) and closes. */
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
    loop.closed(this, sink.transport());
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
