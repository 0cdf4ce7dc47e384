package io.sinal.session;

import io.sinal.hub.Delivery;
import io.sinal.hub.Disconnect;
import io.sinal.hub.FanOut;
import io.sinal.hub.Hub;
import io.sinal.hub.Identity;
import io.sinal.hub.Outbound;
import io.sinal.hub.Publication;
import io.sinal.hub.Push;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sessions of one event loop and who among them follows which channel. Everything here is owned
 * by that loop's thread: the hub hands it one task per publication, it offers the publication to
 * each local subscriber, and one flush task per loop turn writes what every touched session has
 * queued — so a session receiving many publications in one turn writes them once.
 */
public final class LoopHub implements Delivery {
  /** How often {@link #expire} should run: a token is enforced to the second. */
  public static final long EXPIRY_SWEEP_MILLIS = 1000;

  private static final Logger LOG = Logger.getLogger(LoopHub.class.getName());
  private static final Comparator<Session> BY_EXPIRY =
      Comparator.comparingLong((Session s) -> s.identity().expiresAt())
          .thenComparingLong(Session::number);

  private final Hub hub;
  private final FanOut fanOut;
  private final Context context;
  private final Thread thread;
  private final int index;

  /** What every session id of this loop starts with: the node's id and the loop's index. */
  private final String idPrefix;

  private final SessionLimits limits;
  private final Connections connections;
  private final HashMap<String, ArrayList<Session>> subscribers = new HashMap<>();
  private final HashSet<Session> sessions = new HashSet<>();

  /** The sessions whose token expires, soonest first: a sweep looks at the head only. */
  private final TreeSet<Session> expiring = new TreeSet<>(BY_EXPIRY);

  private ArrayList<Session> dirty = new ArrayList<>();
  private ArrayList<Session> flushing = new ArrayList<>();
  private boolean flushScheduled;
  private long nextSessionId;

  /** Must be called on the event loop of {@code context}; registers with {@code fanOut}. */
  public LoopHub(
      Hub hub, FanOut fanOut, Context context, SessionLimits limits, Connections connections) {
    this.hub = hub;
    this.fanOut = fanOut;
    this.context = context;
    this.thread = Thread.currentThread();
    this.limits = limits;
    this.connections = connections;
    this.index = fanOut.attach(this);
    this.idPrefix = hub.nodeId() + "-" + index + "-";
  }

  public Hub hub() {
    return hub;
  }

  public Context context() {
    return context;
  }

  SessionLimits limits() {
    return limits;
  }

  Connections connections() {
    return connections;
  }

  /**
   * Throws {@code not_available} when this node already has its maximum of connections; transports
   * ask before a connection's handshake or a request's work, so that a refusal costs next to
   * nothing.
   */
  public void admitConnection() {
    connections.admitConnection();
  }

  /** Opens a session for a new connection or request, written to {@code sink}; on this loop. */
  public Session open(Sink sink, SessionKind kind, Identity identity) {
    Session session = new Session(++nextSessionId, this, sink, kind, identity);
    sessions.add(session);
    watchExpiry(session);
    connections.of(kind).increment();
    if (kind.lasting() && LOG.isLoggable(Level.FINE)) {
      LOG.fine(
          "connection "
              + session.id()
              + " opened: "
              + kind.transport()
              + (identity.user().isEmpty() ? "" : " user " + identity.user()));
    }
    return session;
  }

  String sessionId(long number) {
    return idPrefix + number;
  }

  void slowConsumer() {
    connections.slowConsumers.increment();
  }

  void closed(Session session) {
    if (sessions.remove(session)) {
      unwatchExpiry(session);
      connections.of(session.kind()).decrement();
      if (session.kind().lasting() && LOG.isLoggable(Level.FINE)) {
        LOG.fine("connection " + session.id() + " closed: " + session.kind().transport());
      }
    }
  }

  /** Follows the session's token expiry, if it has one; before its identity changes, unwatch it. */
  void watchExpiry(Session session) {
    if (session.identity().expiresAt() != Long.MAX_VALUE && !session.isClosed()) {
      expiring.add(session);
    }
  }

  void unwatchExpiry(Session session) {
    if (session.identity().expiresAt() != Long.MAX_VALUE) {
      expiring.remove(session);
    }
  }

  /**
   * Ends every session whose token has expired by {@code now} (the hub's clock), with a disconnect
   * in the reconnect range so that its client comes back with a fresh token; on this loop.
   */
  public void expire(long now) {
    while (!expiring.isEmpty() && expiring.first().identity().expiresAt() <= now) {
      expiring.pollFirst().close(Disconnect.TOKEN_EXPIRED);
    }
  }

  void add(String channel, Session session) {
    ArrayList<Session> list = subscribers.get(channel);
    if (list == null) {
      list = new ArrayList<>(2);
      subscribers.put(channel, list);
      fanOut.interested(channel, index);
    }
    list.add(session);
    connections.subscriptions.increment();
  }

  void remove(String channel, Session session) {
    ArrayList<Session> list = subscribers.get(channel);
    if (list != null && list.remove(session)) {
      connections.subscriptions.decrement();
      if (list.isEmpty()) {
        subscribers.remove(channel);
        fanOut.uninterested(channel, index);
      }
    }
  }

  @Override
  public void publication(Publication publication) {
    context.runOnContext(v -> deliver(publication));
  }

  @Override
  public void push(Push push) {
    context.runOnContext(v -> deliver(push));
  }

  @Override
  public void closeAll(Disconnect disconnect) {
    context.runOnContext(v -> List.copyOf(sessions).forEach(s -> s.close(disconnect)));
  }

  private void deliver(Publication publication) {
    offerEach(publication.channel(), publication, Session::offer);
  }

  private void deliver(Push push) {
    offerEach(push.channel(), push, Session::enqueue);
  }

  private <T> void offerEach(String channel, T item, BiConsumer<Session, T> offer) {
    List<Session> list = subscribers.get(channel);
    if (list == null) {
      return;
    }
    // A session may close while it is offered something (a slow consumer, an expired token) and so
    // leave
    // the list being walked: the next one then has its index, and must not be skipped.
    for (int i = 0; i < list.size(); ) {
      Session session = list.get(i);
      offer.accept(session, item);
      if (i < list.size() && list.get(i) == session) {
        i++;
      }
    }
  }

  void markDirty(Session session) {
    dirty.add(session);
    if (!flushScheduled) {
      flushScheduled = true;
      // Runs after the tasks already queued on this loop (other publications), so they share one
      // write.
      context.runOnContext(v -> flushAll());
    }
  }

  private void flushAll() {
    flushScheduled = false;
    ArrayList<Session> batch = dirty;
    dirty = flushing;
    flushing = batch;
    for (int i = 0, n = batch.size(); i < n; i++) {
      batch.get(i).flush();
    }
    batch.clear();
  }

  /** Counts what a session is about to write: deliveries, and the age of the oldest publication. */
  void wrote(List<Outbound> batch) {
    int publications = 0;
    long oldest = Long.MAX_VALUE;
    for (int i = 0, n = batch.size(); i < n; i++) {
      if (batch.get(i) instanceof Publication p) {
        publications++;
        oldest = Math.min(oldest, p.ts());
      }
    }
    if (publications > 0) {
      connections.wrote(publications, Math.max(0, hub.clock().millis() - oldest));
    }
  }

  /** The channels with the most subscribers on this loop, largest first; on this loop. */
  public List<Map.Entry<String, Integer>> topChannels(int n) {
    List<Map.Entry<String, Integer>> all = new ArrayList<>(subscribers.size());
    subscribers.forEach((channel, list) -> all.add(Map.entry(channel, list.size())));
    all.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    return List.copyOf(all.subList(0, Math.min(n, all.size())));
  }

  /** Calls {@code handler} on this loop once {@code future} completes, wherever it completes. */
  public <T> void onLoop(Future<T> future, Handler<AsyncResult<T>> handler) {
    future.onComplete(
        ar -> {
          if (Thread.currentThread() == thread) {
            handler.handle(ar);
          } else {
            context.runOnContext(v -> handler.handle(ar));
          }
        });
  }

  /** Heartbeat for every session of this loop; on this loop. */
  public void heartbeat(long now) {
    for (Session session : List.copyOf(sessions)) {
      session.sink().heartbeat(now);
    }
  }

  /** Every open session of this loop, for shutdown. */
  public List<Session> sessions() {
    return List.copyOf(sessions);
  }
}
