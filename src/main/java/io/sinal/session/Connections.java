package io.sinal.session;

import java.util.concurrent.atomic.LongAdder;

/** Open connections per transport on this node, and subscriptions; updated by every event loop. */
public final class Connections {
  final LongAdder websocket = new LongAdder();
  final LongAdder sse = new LongAdder();
  final LongAdder poll = new LongAdder();
  final LongAdder subscriptions = new LongAdder();

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
