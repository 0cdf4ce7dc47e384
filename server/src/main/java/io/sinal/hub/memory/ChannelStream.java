package io.sinal.hub.memory;

import io.sinal.hub.Publication;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One channel's position and history in {@link MemoryBroker}. Every field and method is used under
 * the stream's own monitor, but for the links {@link HistoryOrder} guards and {@link #oldestTs},
 * which it reads without this monitor. With no history left the channel is idle: then it costs its
 * epoch and offset (and the map entry holding it), and the broker keeps a bounded number of idle
 * channels.
 *
 * <p>The bytes a history holds are its envelopes plus {@link #PUBLICATION_OVERHEAD} per
 * publication, which is what the broker's budget and {@code sinal_history_bytes} count.
 */
final class ChannelStream {
  /**
   * Heap a publication in history costs beyond its envelope: the record, the array's header, its
   * slot (measured with jcmd GC.class_histogram: 100 to 130 bytes, a type string of its own
   * included).
   */
  static final int PUBLICATION_OVERHEAD = 128;

  final String channel;
  final String epoch;
  long offset;

  /** History TTL of the channel's namespace, as of its latest publication or read. */
  long ttlMillis;

  /** Read or published since the evictor last passed it: it gets a second chance (CLOCK). */
  boolean used = true;

  /** In the broker's idle queue. */
  boolean queued;

  /** Forgotten by the broker: whoever still holds it must look the channel up again. */
  boolean removed;

  /**
   * Neighbours in {@link HistoryOrder}, guarded by its monitor; {@code older} is null for the
   * first.
   */
  ChannelStream older;

  ChannelStream newer;

  /**
   * Time of the oldest publication in history ({@code Long.MAX_VALUE} when idle), read without the
   * monitor.
   */
  volatile long oldestTs = Long.MAX_VALUE;

  /** Oldest first; null when empty, so an idle channel holds no deque. */
  private ArrayDeque<Publication> history;

  ChannelStream(String channel, String epoch, long offset, long ttlMillis) {
    this.channel = channel;
    this.epoch = epoch;
    this.offset = offset;
    this.ttlMillis = ttlMillis;
  }

  boolean idle() {
    return history == null;
  }

  int size() {
    return history == null ? 0 : history.size();
  }

  /** Appends {@code p}, keeping the newest {@code max}; returns the change in bytes held. */
  long append(Publication p, int max) {
    if (history == null) {
      history = new ArrayDeque<>(4);
    }
    history.addLast(p);
    long delta = cost(p);
    while (history.size() > max) {
      delta -= cost(history.removeFirst());
    }
    oldestTs = history.peekFirst().ts();
    return delta;
  }

  /**
   * Drops the oldest publication, then the next ones older than {@code before} until {@code wanted}
   * bytes are freed; returns the bytes freed. For the broker's byte budget.
   */
  long dropOldest(long before, long wanted) {
    if (history == null) {
      return 0;
    }
    long freed = cost(history.removeFirst());
    while (!history.isEmpty() && freed < wanted && history.peekFirst().ts() < before) {
      freed += cost(history.removeFirst());
    }
    emptied();
    return freed;
  }

  /** Drops the publications older than the TTL at {@code now}; returns the bytes freed. */
  long expire(long now) {
    if (history == null) {
      return 0;
    }
    long oldest = now - ttlMillis;
    long freed = 0;
    while (!history.isEmpty() && history.peekFirst().ts() < oldest) {
      freed += cost(history.removeFirst());
    }
    if (freed > 0) {
      emptied();
    }
    return freed;
  }

  /** After publications left from the front: the oldest time, and no deque once none is left. */
  private void emptied() {
    if (history.isEmpty()) {
      history = null;
      oldestTs = Long.MAX_VALUE;
    } else {
      oldestTs = history.peekFirst().ts();
    }
  }

  private static long cost(Publication p) {
    return p.bytes().length + PUBLICATION_OVERHEAD;
  }

  /**
   * After {@code afterOffset} (exclusive), at most {@code limit}; a negative offset asks for the
   * newest.
   */
  List<Publication> read(long afterOffset, int limit) {
    if (history == null) {
      return List.of();
    }
    List<Publication> out = new ArrayList<>(Math.min(limit, history.size()));
    if (afterOffset < 0) {
      int skip = Math.max(0, history.size() - limit);
      Iterator<Publication> it = history.iterator();
      for (int i = 0; it.hasNext(); i++) {
        Publication p = it.next();
        if (i >= skip) {
          out.add(p);
        }
      }
    } else {
      for (Publication p : history) {
        if (p.offset() > afterOffset && out.size() < limit) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /** One snapshot line: position, and TTL and history unless the channel is idle. */
  JsonObject toJson() {
    JsonObject saved =
        new JsonObject().put("channel", channel).put("epoch", epoch).put("offset", offset);
    if (history != null) {
      saved.put("ttl", ttlMillis);
      JsonArray publications = new JsonArray();
      history.forEach(
          p -> publications.add(new JsonObject(new String(p.bytes(), StandardCharsets.UTF_8))));
      saved.put("history", publications);
    }
    return saved;
  }

  /**
   * Reads a {@link #toJson} line, or one of an earlier version; without a TTL (idle) it gets the
   * default.
   */
  static ChannelStream fromJson(JsonObject saved, long defaultTtlMillis) {
    ChannelStream stream =
        new ChannelStream(
            saved.getString("channel"),
            saved.getString("epoch"),
            saved.getLong("offset"),
            saved.getLong("ttl", defaultTtlMillis));
    JsonArray publications = saved.getJsonArray("history", new JsonArray());
    for (Object o : publications) {
      JsonObject p = (JsonObject) o;
      stream.append(
          Publication.encode(
              p.getString("channel"),
              p.getLong("offset"),
              p.getString("epoch"),
              p.getString("type"),
              Json.encode(p.getValue("data")),
              p.getLong("ts")),
          Integer.MAX_VALUE);
    }
    return stream;
  }

  /** Bytes history holds, as {@link #append} counts them. */
  long bytes() {
    long bytes = 0;
    if (history != null) {
      for (Publication p : history) {
        bytes += cost(p);
      }
    }
    return bytes;
  }
}
