package io.sinal.hub.memory;

/**
 * The channels of {@link MemoryBroker} that hold history, roughly oldest history first, for the
 * byte budget: a channel joins at the end when its history begins, and the evictor takes the first
 * one and puts it back at the end. Two links in each {@link ChannelStream} and nothing per
 * publication, so the order costs O(1) per change and no memory beyond the channels themselves.
 *
 * <p>Guarded by its own monitor, which is taken while holding a stream's and never the other way
 * round.
 */
final class HistoryOrder {
  /**
   * What the evictor takes next: the first channel, and the oldest publication time of the one
   * after it.
   */
  record Victim(ChannelStream stream, long nextOldest) {}

  private ChannelStream first;
  private ChannelStream last;

  /** {@code stream}'s history began; under its monitor. */
  synchronized void add(ChannelStream stream) {
    if (!linked(stream)) {
      append(stream);
    }
  }

  /** {@code stream} has no history left; under its monitor. */
  synchronized void remove(ChannelStream stream) {
    if (linked(stream)) {
      unlink(stream);
    }
  }

  /**
   * The first channel, moved to the end so that concurrent evictors take different ones; null when
   * none holds history. Its publications older than {@link Victim#nextOldest} are older than any
   * other channel's oldest as far as the order is right: a channel moved to the end may be older
   * than channels before it, so they lose their oldest first, one round at most.
   */
  synchronized Victim next() {
    ChannelStream stream = first;
    if (stream == null) {
      return null;
    }
    unlink(stream);
    long nextOldest = first == null ? Long.MAX_VALUE : first.oldestTs;
    append(stream);
    return new Victim(stream, nextOldest);
  }

  private boolean linked(ChannelStream stream) {
    return first == stream || stream.older != null;
  }

  private void append(ChannelStream stream) {
    stream.older = last;
    stream.newer = null;
    if (last == null) {
      first = stream;
    } else {
      last.newer = stream;
    }
    last = stream;
  }

  private void unlink(ChannelStream stream) {
    if (stream.older == null) {
      first = stream.newer;
    } else {
      stream.older.newer = stream.newer;
    }
    if (stream.newer == null) {
      last = stream.older;
    } else {
      stream.newer.older = stream.older;
    }
    stream.older = null;
    stream.newer = null;
  }
}
