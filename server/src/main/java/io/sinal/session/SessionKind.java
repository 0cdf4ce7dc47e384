package io.sinal.session;

/**
 * What a transport opens a session as: the name it is counted and reported under, and whether it
 * lasts beyond one request. How it subscribes (channel by channel, or as a stream) is the session's
 * call the transport makes, not part of its kind.
 */
public enum SessionKind {
  /** A WebSocket: lasts, commands and replies both ways. */
  WEBSOCKET("websocket", true),
  /** An SSE stream: lasts, one way. */
  SSE("sse", true),
  /** One poll request: it ends with its answer. */
  POLL("poll", false);

  private final String transport;
  private final boolean lasting;

  SessionKind(String transport, boolean lasting) {
    this.transport = transport;
    this.lasting = lasting;
  }

  /** The transport's name as counted and reported: websocket, sse or poll. */
  public String transport() {
    return transport;
  }

  /**
   * Whether the session lasts beyond one request. Only those take part in presence: a poll would
   * otherwise join and leave on every poll.
   */
  public boolean lasting() {
    return lasting;
  }
}
