package io.sinal.session;

import io.sinal.hub.ErrorCode;
import io.sinal.hub.FanOut;
import io.sinal.hub.NodeStats;
import io.sinal.hub.SinalException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * What this node's connections are doing: open connections per transport, subscriptions,
 * deliveries, slow-consumer drops, refusals at the node's limits; updated by every event loop, read
 * by the API and metrics. The limits are checked against sums that every loop updates, so
 * connections or subscriptions admitted on several loops at the same moment may pass them by a few.
 */
public final class Connections implements NodeStats {
  final LongAdder websocket = new LongAdder();
  final LongAdder sse = new LongAdder();
  final LongAdder poll = new LongAdder();
  final LongAdder subscriptions = new LongAdder();
  final LongAdder deliveries = new LongAdder();
  final LongAdder slowConsumers = new LongAdder();
  final LongAdder refusedConnections = new LongAdder();
  final LongAdder refusedSubscriptions = new LongAdder();
  final LongAdder refusedPublishes = new LongAdder();
  private final FanOut fanOut;
  private final int maxConnections;
  private final int maxSubscriptions;

  /** Gets, once per write, the age in milliseconds of the oldest publication in it. */
  private volatile LongConsumer latency = ms -> {};

  /** Without node-wide limits (tests of other things). */
  public Connections(FanOut fanOut) {
    this(fanOut, Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  /**
   * With {@code --max-connections} and {@code --max-node-subscriptions}; {@code fanOut} is the one
   * the node's loops register with, whose channels are reported.
   */
  public Connections(FanOut fanOut, int maxConnections, int maxSubscriptions) {
    this.fanOut = fanOut;
    this.maxConnections = maxConnections;
    this.maxSubscriptions = maxSubscriptions;
  }

  void admitConnection() {
    if (websocket.sum() + sse.sum() + poll.sum() >= maxConnections) {
      refusedConnections.increment();
      throw new SinalException(
          ErrorCode.NOT_AVAILABLE,
          "this node serves its maximum of " + maxConnections + " connections; retry later");
    }
  }

  void admitSubscription() {
    if (subscriptions.sum() >= maxSubscriptions) {
      refusedSubscriptions.increment();
      throw new SinalException(
          ErrorCode.LIMIT_EXCEEDED,
          "this node holds its maximum of " + maxSubscriptions + " subscriptions; retry later");
    }
  }

  /**
   * Refusals at a node limit: {@code connections}, {@code node_subscriptions} or {@code
   * client_publish_rate}.
   */
  public long refused(String limit) {
    return switch (limit) {
      case "connections" -> refusedConnections.sum();
      case "node_subscriptions" -> refusedSubscriptions.sum();
      default -> refusedPublishes.sum();
    };
  }

  public void onLatency(LongConsumer recorder) {
    this.latency = recorder;
  }

  void wrote(int publications, long oldestAgeMillis) {
    deliveries.add(publications);
    latency.accept(oldestAgeMillis);
  }

  /** Publications written to clients (one per subscriber reached). */
  public long deliveries() {
    return deliveries.sum();
  }

  public long slowConsumers() {
    return slowConsumers.sum();
  }

  LongAdder of(SessionKind kind) {
    return switch (kind) {
      case WEBSOCKET -> websocket;
      case SSE -> sse;
      case POLL -> poll;
    };
  }

  @Override
  public long websocket() {
    return websocket.sum();
  }

  @Override
  public long sse() {
    return sse.sum();
  }

  @Override
  public long poll() {
    return poll.sum();
  }

  @Override
  public long subscriptions() {
    return subscriptions.sum();
  }

  @Override
  public int channels() {
    return fanOut.activeChannels();
  }
}
