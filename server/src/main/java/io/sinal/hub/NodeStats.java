package io.sinal.hub;

/** What this node serves at the moment, as the server API and operators see it. Any thread. */
public interface NodeStats {
  /** Open WebSocket connections. */
  long websocket();

  /** Open SSE streams. */
  long sse();

  /** Polls being answered. */
  long poll();

  /** Subscriptions of all connections together. */
  long subscriptions();

  /** Channels with at least one subscriber on this node. */
  int channels();
}
