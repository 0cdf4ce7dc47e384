package io.sinal.hub;

/**
 * What a broker holds in this process for channel streams, for metrics and tests.
 *
 * @param channels channels with publications in history
 * @param bytes bytes of the envelopes those histories hold
 * @param idleChannels channels without history whose position is remembered (bounded by {@code --max-idle-channels})
 */
public record HistoryUsage(long channels, long bytes, long idleChannels) {
  /** A broker whose streams live elsewhere (Redis). */
  public static final HistoryUsage NONE = new HistoryUsage(0, 0, 0);
}
