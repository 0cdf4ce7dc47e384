package io.sinal.hub.memory;

import io.sinal.hub.Broker;
import io.sinal.hub.ChannelName;
import io.sinal.hub.HistoryResult;
import io.sinal.hub.HistoryUsage;
import io.sinal.hub.NamespaceOptions;
import io.sinal.hub.Publication;
import io.sinal.hub.Push;
import io.sinal.hub.StreamPosition;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A broker for one node: streams live in this process and are lost on restart (each channel gets a
 * new epoch then, so clients are told with a reset). Every channel's state is guarded by its own
 * monitor; offset assignment, append and hand-off to the handler happen under it, which gives the
 * {@link Broker} ordering contract. The handler only enqueues work on event loops, so the lock is
 * short.
 *
 * <p>Only channels with something to keep are in memory. A read stores nothing: a channel without
 * state answers offset 0 in its {@link EmptyEpochs} epoch. A channel with history keeps it until
 * its TTL, freed by {@link #sweep} whether or not anyone reads it again; it then stays as an idle
 * channel (epoch and offset, so its pollers are not reset), at most {@code maxIdleChannels} of
 * them. Past that the idle channel least recently used goes (second-chance order), after its
 * group's empty epoch moved on, so its cursors get a reset rather than offsets reused.
 *
 * <p>All histories together hold at most {@code maxHistoryBytes} (envelopes and the objects around
 * them, see {@link ChannelStream#bytes}). A publish that goes past it drops the oldest history
 * first, in {@link HistoryOrder}'s approximate order, after its own channel's monitor is let go:
 * live delivery is never held back, and a cursor past dropped history is a gap that recovery
 * reports as a reset. Each publication is dropped at most once, so that work is O(1) per publish on
 * average.
 */
public final class MemoryBroker implements Broker {
  public static final int DEFAULT_MAX_IDLE_CHANNELS = 100_000;

  /**
   * How often {@link #sweep} runs, and the channels one run visits: a full pass over 200,000 takes
   * 5 s.
   */
  public static final long SWEEP_MILLIS = 250;

  public static final int SWEEP_BUDGET = 10_000;

  /**
   * Idle channels a publish may look at to stay under the bound; the sweep catches up on the rest.
   */
  private static final int EVICT_BUDGET = 8;

  private static final long DEFAULT_TTL_MILLIS = NamespaceOptions.DEFAULT.historyTtl().toMillis();

  private final Clock clock;
  private final int maxIdle;
  private final long maxHistoryBytes;
  private final HistoryOrder order = new HistoryOrder();
  private final LongAdder dropped = new LongAdder();
  private final ConcurrentHashMap<String, ChannelStream> streams = new ConcurrentHashMap<>();
  private final EmptyEpochs empty = new EmptyEpochs();

  /**
   * Idle channels in the order they went idle; live ones met here are dropped, re-added when idle.
   */
  private final ConcurrentLinkedQueue<ChannelStream> idleQueue = new ConcurrentLinkedQueue<>();

  private final AtomicInteger idle = new AtomicInteger();
  private final AtomicInteger withHistory = new AtomicInteger();
  private final LongAdder bytes = new LongAdder();

  /** Where the sweep goes on; only {@link #sweep} (synchronized) touches it. */
  private Iterator<ChannelStream> sweepCursor;

  private volatile Handler handler;

  /** Without a history budget (the server always gives one): for tests of other bounds. */
  public MemoryBroker(Clock clock) {
    this(clock, DEFAULT_MAX_IDLE_CHANNELS);
  }

  public MemoryBroker(Clock clock, int maxIdleChannels) {
    this(clock, maxIdleChannels, Long.MAX_VALUE);
  }

  public MemoryBroker(Clock clock, int maxIdleChannels, long maxHistoryBytes) {
    this.clock = clock;
    this.maxIdle = maxIdleChannels;
    this.maxHistoryBytes = maxHistoryBytes;
  }

  @Override
  public void start(Handler handler) {
    this.handler = handler;
  }

  @Override
  public Future<Publication> publish(
      ChannelName channel, String type, String dataJson, NamespaceOptions options) {
    Publication publication = null;
    while (publication == null) {
      ChannelStream stream = stream(channel.value());
      synchronized (stream) {
        if (stream.removed) {
          continue; // forgotten meanwhile: the next lookup creates it afresh, in the group's new
          // epoch
        }
        long now = clock.millis();
        boolean wasIdle = stream.idle();
        stream.used = true;
        stream.ttlMillis = options.historyTtl().toMillis();
        // The stream's own name: every publication in its history shares one string.
        publication =
            Publication.encode(
                stream.channel, stream.offset + 1, stream.epoch, type, dataJson, now);
        stream.offset++;
        long delta =
            options.historySize() > 0 ? stream.append(publication, options.historySize()) : 0;
        settle(stream, wasIdle, delta - stream.expire(now));
        handler.onPublication(publication);
      }
    }
    if (bytes.sum() > maxHistoryBytes) {
      dropOldest();
    }
    if (idle.get() > maxIdle) {
      evict(EVICT_BUDGET);
    }
    return Future.succeededFuture(publication);
  }

  @Override
  public Future<HistoryResult> history(
      ChannelName channel, long afterOffset, int limit, NamespaceOptions options) {
    ChannelStream stream = streams.get(channel.value());
    if (stream != null) {
      synchronized (stream) {
        if (!stream.removed) {
          boolean wasIdle = stream.idle();
          stream.used = true;
          stream.ttlMillis = options.historyTtl().toMillis();
          settle(stream, wasIdle, -stream.expire(clock.millis()));
          return Future.succeededFuture(
              new HistoryResult(
                  new StreamPosition(stream.epoch, stream.offset),
                  stream.read(afterOffset, limit)));
        }
      }
    }
    // Looked up before the epoch is read: a channel forgotten meanwhile has moved its group on
    // already.
    return Future.succeededFuture(
        new HistoryResult(new StreamPosition(empty.of(channel.value()), 0), List.of()));
  }

  /**
   * A channel's stream, created for a publication (a plain read first: computeIfAbsent may lock the
   * bin).
   */
  private ChannelStream stream(String channel) {
    ChannelStream stream = streams.get(channel);
    return stream != null
        ? stream
        : streams.computeIfAbsent(
            channel,
            name -> {
              // Read inside the bin's lock, after any eviction of this name moved its group's epoch
              // on.
              ChannelStream created =
                  new ChannelStream(name, empty.of(name), 0, DEFAULT_TTL_MILLIS);
              becameIdle(created);
              return created;
            });
  }

  /** Accounts for a change to {@code stream}; under its monitor. */
  private void settle(ChannelStream stream, boolean wasIdle, long bytesDelta) {
    if (bytesDelta != 0) {
      bytes.add(bytesDelta);
    }
    if (wasIdle && !stream.idle()) {
      idle.decrementAndGet();
      withHistory.incrementAndGet();
      order.add(stream);
    } else if (!wasIdle && stream.idle()) {
      withHistory.decrementAndGet();
      order.remove(stream);
      becameIdle(stream);
    }
  }

  /** Drops the oldest history while the budget is exceeded; under no stream's monitor. */
  private void dropOldest() {
    for (long over = bytes.sum() - maxHistoryBytes;
        over > 0;
        over = bytes.sum() - maxHistoryBytes) {
      HistoryOrder.Victim victim = order.next();
      if (victim == null) {
        return;
      }
      ChannelStream stream = victim.stream();
      synchronized (stream) {
        // It may have lost its history since next() gave it: then it has already left the order.
        if (!stream.removed && !stream.idle()) {
          int held = stream.size();
          long freed = stream.dropOldest(victim.nextOldest(), over);
          dropped.add(held - stream.size());
          settle(stream, false, -freed);
        }
      }
    }
  }

  private void becameIdle(ChannelStream stream) {
    idle.incrementAndGet();
    if (!stream.queued) {
      stream.queued = true;
      idleQueue.add(stream);
    }
  }

  /**
   * Forgets idle channels while there are more than the bound, looking at {@code budget} at most.
   */
  private void evict(int budget) {
    for (int i = 0; i < budget && idle.get() > maxIdle; i++) {
      ChannelStream stream = idleQueue.poll();
      if (stream == null) {
        return;
      }
      synchronized (stream) {
        stream.queued = false;
        if (stream.removed || !stream.idle()) {
          continue;
        }
        if (stream.used) {
          stream.used = false;
          stream.queued = true;
          idleQueue.add(stream);
          continue;
        }
        stream.removed = true;
        idle.decrementAndGet();
        empty.forget(stream.channel, stream.epoch);
        streams.remove(stream.channel, stream);
      }
    }
  }

  /**
   * Frees expired history, visiting at most {@code budget} channels where the last run stopped,
   * then forgets idle channels past the bound. Short enough for an event loop timer; reads the
   * clock.
   */
  public synchronized void sweep(int budget) {
    long now = clock.millis();
    boolean restarted = false;
    for (int visited = 0; visited < budget; visited++) {
      if (sweepCursor == null || !sweepCursor.hasNext()) {
        if (restarted) {
          break;
        }
        restarted = true;
        sweepCursor = streams.values().iterator();
        if (!sweepCursor.hasNext()) {
          break;
        }
      }
      ChannelStream stream = sweepCursor.next();
      synchronized (stream) {
        if (!stream.removed && !stream.idle()) {
          settle(stream, false, -stream.expire(now));
        }
      }
    }
    if (idle.get() > maxIdle) {
      evict(budget);
    }
  }

  @Override
  public HistoryUsage usage() {
    return new HistoryUsage(withHistory.get(), bytes.sum(), idle.get(), dropped.sum());
  }

  @Override
  public void push(Push push) {
    handler.onPush(push);
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }

  /**
   * Writes what a clean restart should recover to {@code file}, for {@link #restore}: the empty
   * epochs, then every remembered channel's epoch and offset with its unexpired history. The
   * channels keep their epochs, so clients resume without a reset. Call it once nothing publishes
   * any more.
   */
  public void snapshot(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    long now = clock.millis();
    try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      out.write(empty.toJson().encode());
      out.write('\n');
      for (ChannelStream stream : streams.values()) {
        synchronized (stream) {
          if (!stream.removed) {
            settle(stream, stream.idle(), -stream.expire(now));
            out.write(stream.toJson().encode());
            out.write('\n');
          }
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Loads a snapshot and deletes it, so that a crash later (no new snapshot) starts fresh epochs
   * instead of reusing offsets that would name different messages. Call before {@link #start}.
   * Returns the channels restored.
   */
  public int restore(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    long now = clock.millis();
    int channels = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonObject saved = new JsonObject(line);
        if (EmptyEpochs.isHeader(saved)) {
          empty.restore(saved);
          continue;
        }
        ChannelStream stream = ChannelStream.fromJson(saved, DEFAULT_TTL_MILLIS);
        stream.expire(now);
        bytes.add(stream.bytes());
        if (stream.idle()) {
          becameIdle(stream);
        } else {
          withHistory.incrementAndGet();
          order.add(stream);
        }
        streams.put(stream.channel, stream);
        channels++;
      }
    }
    Files.delete(file);
    dropOldest(); // a restart with a smaller budget
    evict(Integer.MAX_VALUE);
    return channels;
  }
}
