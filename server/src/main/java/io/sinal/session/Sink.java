package io.sinal.session;

import io.sinal.hub.Disconnect;
import io.sinal.hub.Outbound;
import java.util.List;

/**
 * A transport's side of a session: what the session needs to reach the peer, nothing more. The
 * transport turns what it reads into calls on its {@link Session}, and writes here what the session
 * hands it; positions, cursors, recovery and presence stay in the session. Called only on the
 * session's event loop.
 */
public interface Sink {
  /**
   * False while the peer is not reading fast enough; the session waits for {@link
   * Session#drained()}.
   */
  boolean writable();

  /**
   * Writes everything queued since the last write, in order, as few writes as the transport allows;
   * the list is the sink's from then on. A stream session's items that move its position, and its
   * opening {@code connected}, come as {@link Positioned}, with the cursor after them; every other
   * item, and everything for a session that is not a stream, is the very object the hub delivered
   * (one frame of it may be shared by every subscriber of the loop).
   */
  void write(List<Outbound> batch);

  /** Periodic liveness work: a ping, a comment line, a check for a silent peer. */
  void heartbeat(long now);

  /** Tells the peer why (when the transport can) and closes. */
  void close(Disconnect disconnect);
}
