package io.sinal.hub;

import java.util.List;

/**
 * A read of a channel's history.
 *
 * @param position the channel's current position (epoch and offset of its latest publication)
 * @param publications the publications asked for that are still in history, oldest first
 */
public record HistoryResult(StreamPosition position, List<Publication> publications) {}
