package io.sinal.hub;

import io.vertx.core.Future;

/**
 * The seam between the hub and where channel streams live: in this process, or shared by several
 * nodes.
 *
 * <p>Contract: for each channel, assigning the next offset, appending to history and fanning out to
 * {@link Handler#onPublication} is atomic — every node's handler sees a channel's publications in
 * offset order, offsets have no gaps, and a publication is in history before any handler sees it. A
 * publication whose future failed was not stored and not delivered.
 *
 * <p>State is kept only for channels that need it. A read ({@link #history}) stores nothing: a
 * channel the broker holds nothing for answers offset 0 in an epoch that every read gives alike
 * until the channel publishes, and its first publication continues that position (offset 1, same
 * epoch). A channel whose history expired keeps its epoch and offset while the broker remembers it
 * (a bounded number of idle channels); a forgotten channel never reuses an epoch its offsets were
 * given in, so an old cursor gets a reset, never other messages under the offsets it names
 * (docs/protocol.md, Cursors).
 *
 * <p>History is bounded per channel by the namespace's size and TTL, and in all by what the broker
 * may hold ({@code --max-history-bytes} in memory, Redis' {@code maxmemory} there), past which the
 * oldest history goes first. Dropped history is a gap like expired history: positions outlive it,
 * so a recovery across it is told with a reset ({@code history_exceeded}); live delivery never
 * waits on it.
 */
public interface Broker {

  /** Receives what the broker fans out; called on any thread, must not block. */
  interface Handler {
    void onPublication(Publication publication);

    void onPush(Push push);

    /** The broker can no longer deliver what other nodes publish (its connection is lost). */
    default void onUnavailable() {}
  }

  void start(Handler handler);

  /**
   * Publishes {@code dataJson} (compact JSON) on {@code channel}.
   *
   * @param options the namespace's history size and TTL
   */
  Future<Publication> publish(
      ChannelName channel, String type, String dataJson, NamespaceOptions options);

  /**
   * Reads history after {@code afterOffset} (exclusive), at most {@code limit} publications, oldest
   * first. A negative {@code afterOffset} asks for the newest {@code limit} publications instead.
   */
  Future<HistoryResult> history(
      ChannelName channel, long afterOffset, int limit, NamespaceOptions options);

  /** What this process holds for streams; a broker keeping them elsewhere holds nothing here. */
  default HistoryUsage usage() {
    return HistoryUsage.NONE;
  }

  /** Fans out a push (join, leave) to every node's handler; it is not stored. */
  void push(Push push);

  Future<Void> close();
}
