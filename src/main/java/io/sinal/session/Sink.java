package io.sinal.session;

import io.sinal.hub.Disconnect;
import io.sinal.hub.Outbound;
import java.util.List;

/**
 * A transport's side of a session: write what is queued, close with a reason. Called only on the
 * session's event loop.
 */
public interface Sink {
  /** Transport name as counted and reported: websocket, sse or poll. */
  String transport();

  /**
   * Whether the connection lasts beyond one request. Only lasting connections take part in presence:
   * a poll request would otherwise join and leave on every poll.
   */
  default boolean lasting() {
    return true;
  }

  /** False while the peer is not reading fast enough; the session waits for {@link Session#drained()}. */
  boolean writable();

  /** Writes everything queued since the last write, in order, as few writes as the transport allows. */
  void write(List<Outbound> batch);

  /** Periodic liveness work: a ping, a comment line, a check for a silent peer. */
  void heartbeat(long now);

  /** Tells the peer why (when the transport can) and closes. */
  void close(Disconnect disconnect);
}
