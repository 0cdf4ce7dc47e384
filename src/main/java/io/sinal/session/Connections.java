package io.sinal.session;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * What this node's connections are doing: open connections per transport, subscriptions, deliveries,
 * slow-consumer drops, refusals at the node's limits; updated by every event loop, read by the API and
 * metrics.
 */
public final class Connections {
  final LongAdder websocket = new LongAdder();
  final LongAdder sse = new LongAdder();
  final LongAdder poll = new LongAdder();
  final LongAdder subscriptions = new LongAdder();
  final LongAdder deliveries = new LongAdder();
  final LongAdder slowConsumers = new LongAdder();
  final LongAdder refusedPublishes = new LongAdder();
  /** Gets, once per write, the age in milliseconds of the oldest publication in it. */
  private volatile LongConsumer latency = ms -> {};

  /** Refusals at a limit: {@code client_publish_rate}. */
  public long refused(String limit) {
    return limit.equals("client_publish_rate") ? refusedPublishes.sum() : 0;
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

  LongAdder of(String transport) {
    return switch (transport) {
      case "websocket" -> websocket;
      case "sse" -> sse;
      default -> poll;
    };
  }

  public long websocket() {
    return websocket.sum();
  }

  public long sse() {
    return sse.sum();
  }

  public long poll() {
    return poll.sum();
  }

  public long subscriptions() {
    return subscriptions.sum();
  }
}
