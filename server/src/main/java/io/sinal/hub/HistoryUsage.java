package io.sinal.hub;

/**
 * What a broker holds in this process for channel streams, for metrics and tests.
 *
 * @param channels channels with publications in history
 * @param bytes bytes those histories hold: their envelopes and a fixed overhead per publication
 *     (bounded by {@code --max-history-bytes})
 * @param idleChannels channels without history whose position is remembered (bounded by {@code
 *     --max-idle-channels})
 * @param dropped publications dropped from history before their TTL to stay within {@code
 *     --max-history-bytes}
 */
public record HistoryUsage(long channels, long bytes, long idleChannels, long dropped) {
  /** A broker whose streams live elsewhere (Redis). */
  public static final HistoryUsage NONE = new HistoryUsage(0, 0, 0);

  public HistoryUsage(long channels, long bytes, long idleChannels) {
    this(channels, bytes, idleChannels, 0);
  }
}
