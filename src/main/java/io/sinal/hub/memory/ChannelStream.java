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
 * One channel's position and history in {@link MemoryBroker}. Every field and method is used under the
 * stream's own monitor. With no history left the channel is idle: then it costs its epoch and offset
 * (and the map entry holding it), and the broker keeps a bounded number of idle channels.
 */
final class ChannelStream {
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

  /** Appends {@code p}, keeping the newest {@code max}; returns the change in bytes held. */
  long append(Publication p, int max) {
    if (history == null) {
      history = new ArrayDeque<>(4);
    }
    history.addLast(p);
    long delta = p.bytes().length;
    while (history.size() > max) {
      delta -= history.removeFirst().bytes().length;
    }
    return delta;
  }

  /** Drops the publications older than the TTL at {@code now}; returns the bytes freed. */
  long expire(long now) {
    if (history == null) {
      return 0;
    }
    long oldest = now - ttlMillis;
    long freed = 0;
    while (!history.isEmpty() && history.peekFirst().ts() < oldest) {
      freed += history.removeFirst().bytes().length;
    }
    if (history.isEmpty()) {
      history = null;
    }
    return freed;
  }

  /** After {@code afterOffset} (exclusive), at most {@code limit}; a negative offset asks for the newest. */
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
    JsonObject saved = new JsonObject().put("channel", channel).put("epoch", epoch).put("offset", offset);
    if (history != null) {
      saved.put("ttl", ttlMillis);
      JsonArray publications = new JsonArray();
      history.forEach(p -> publications.add(new JsonObject(new String(p.bytes(), StandardCharsets.UTF_8))));
      saved.put("history", publications);
    }
    return saved;
  }

  /** Reads a {@link #toJson} line, or one of an earlier version; without a TTL (idle) it gets the default. */
  static ChannelStream fromJson(JsonObject saved, long defaultTtlMillis) {
    ChannelStream stream = new ChannelStream(saved.getString("channel"), saved.getString("epoch"),
        saved.getLong("offset"), saved.getLong("ttl", defaultTtlMillis));
    JsonArray publications = saved.getJsonArray("history", new JsonArray());
    for (Object o : publications) {
      JsonObject p = (JsonObject) o;
      stream.append(Publication.encode(p.getString("channel"), p.getLong("offset"), p.getString("epoch"),
          p.getString("type"), Json.encode(p.getValue("data")), p.getLong("ts")), Integer.MAX_VALUE);
    }
    return stream;
  }

  /** Bytes of the envelopes in history. */
  long bytes() {
    long bytes = 0;
    if (history != null) {
      for (Publication p : history) {
        bytes += p.bytes().length;
      }
    }
    return bytes;
  }
}
