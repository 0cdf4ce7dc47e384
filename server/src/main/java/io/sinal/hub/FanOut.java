package io.sinal.hub;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Which event loops of this node have subscribers for which channel, and the hand-off of what the
 * broker delivers to them: once per publication to each such loop, never once per subscriber. The
 * broker's {@link Broker.Handler}; event loops ({@link Delivery}) register here. Plumbing between
 * the broker and the sessions: applications and transports never call it.
 *
 * <p>Contract: {@link #interested} happens-before a publication appended after it is handed off, so
 * a loop that registered before reading history receives everything published after that read
 * began.
 */
public final class FanOut implements Broker.Handler {
  /**
   * Event loops one node serves: far above today's core counts, and it bounds {@link #interest}'s
   * arrays.
   */
  public static final int MAX_LOOPS = 1024;

  private final List<Delivery> loops = new CopyOnWriteArrayList<>();

  /**
   * Channel name → bit set of the {@link #loops} indexes that have subscribers for it: word {@code
   * i} holds loops {@code 64 i} to {@code 64 i + 63}. Arrays are never changed once in the map
   * (copy on write), so fan-out reads them without a lock; one word covers the usual 64 loops or
   * fewer.
   */
  private final ConcurrentHashMap<String, long[]> interest = new ConcurrentHashMap<>();

  /** Registers the subscribers of one event loop; returns its index for {@link #interested}. */
  public synchronized int attach(Delivery delivery) {
    if (loops.size() == MAX_LOOPS) {
      throw new IllegalStateException("at most " + MAX_LOOPS + " event loops");
    }
    loops.add(delivery);
    return loops.size() - 1;
  }

  /** Loop {@code index} has its first subscriber for {@code channel}. */
  public void interested(String channel, int index) {
    interest.compute(
        channel,
        (k, words) -> {
          long[] set =
              words == null
                  ? new long[index / 64 + 1]
                  : Arrays.copyOf(words, Math.max(words.length, index / 64 + 1));
          set[index / 64] |= 1L << (index % 64);
          return set;
        });
  }

  /** Loop {@code index} lost its last subscriber for {@code channel}. */
  public void uninterested(String channel, int index) {
    interest.computeIfPresent(
        channel,
        (k, words) -> {
          long[] set = words.clone();
          set[index / 64] &= ~(1L << (index % 64));
          for (long word : set) {
            if (word != 0) {
              return set;
            }
          }
          return null;
        });
  }

  /** Channels with at least one subscriber on this node. */
  public int activeChannels() {
    return interest.size();
  }

  @Override
  public void onPublication(Publication publication) {
    handOff(publication.channel(), publication);
  }

  @Override
  public void onPush(Push push) {
    handOff(push.channel(), push);
  }

  /** Hands {@code item} once to each loop with subscribers for {@code channel}. */
  private void handOff(String channel, Outbound item) {
    long[] words = interest.get(channel);
    if (words == null) {
      return;
    }
    for (int w = 0; w < words.length; w++) {
      for (long m = words[w]; m != 0; m &= m - 1) {
        Delivery loop = loops.get(w * 64 + Long.numberOfTrailingZeros(m));
        if (item instanceof Publication p) {
          loop.publication(p);
        } else {
          loop.push((Push) item);
        }
      }
    }
  }

  /**
   * Nothing published elsewhere reaches this node any more: every client is told to reconnect
   * later, so none waits on a stream that silently stopped. They resume from their cursors.
   */
  @Override
  public void onUnavailable() {
    loops.forEach(loop -> loop.closeAll(Disconnect.BROKER_UNAVAILABLE));
  }
}
