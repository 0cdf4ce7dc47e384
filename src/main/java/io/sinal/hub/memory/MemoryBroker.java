package io.sinal.hub.memory;

import io.sinal.hub.Broker;
import io.sinal.hub.ChannelName;
import io.sinal.hub.HistoryResult;
import io.sinal.hub.NamespaceOptions;
import io.sinal.hub.Publication;
import io.sinal.hub.Push;
import io.sinal.hub.StreamPosition;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A broker for one node: streams live in this process and are lost on restart (each channel gets a new
 * epoch then, so clients are told with a reset). Every channel's state is guarded by its own monitor;
 * offset assignment, append and hand-off to the handler happen under it, which gives the
 * {@link Broker} ordering contract. The handler only enqueues work on event loops, so the lock is short.
 *
 * <p>A channel's offset and epoch are kept for the life of the process even when its history has
 * expired, so a quiet channel does not reset its subscribers.
 */
public final class MemoryBroker implements Broker {
  private final Clock clock;
  private final ConcurrentHashMap<String, Stream> streams = new ConcurrentHashMap<>();
  private volatile Handler handler;

  public MemoryBroker(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void start(Handler handler) {
    this.handler = handler;
  }

  @Override
  public Future<Publication> publish(
      ChannelName channel, String type, String dataJson, NamespaceOptions options) {
    Stream stream = stream(channel);
    synchronized (stream) {
      long now = clock.millis();
      Publication publication =
          Publication.encode(channel.value(), stream.offset + 1, stream.epoch, type, dataJson, now);
      stream.offset++;
      if (options.historySize() > 0) {
        stream.history.addLast(publication);
        while (stream.history.size() > options.historySize()) {
          stream.history.removeFirst();
        }
      }
      stream.expire(now, options);
      handler.onPublication(publication);
      return Future.succeededFuture(publication);
    }
  }

  @Override
  public Future<HistoryResult> history(
      ChannelName channel, long afterOffset, int limit, NamespaceOptions options) {
    Stream stream = stream(channel);
    synchronized (stream) {
      stream.expire(clock.millis(), options);
      List<Publication> out = new ArrayList<>(Math.min(limit, stream.history.size()));
      if (afterOffset < 0) {
        int skip = Math.max(0, stream.history.size() - limit);
        Iterator<Publication> it = stream.history.iterator();
        for (int i = 0; it.hasNext(); i++) {
          Publication p = it.next();
          if (i >= skip) {
            out.add(p);
          }
        }
      } else {
        for (Publication p : stream.history) {
          if (p.offset() > afterOffset && out.size() < limit) {
            out.add(p);
          }
        }
      }
      return Future.succeededFuture(
          new HistoryResult(new StreamPosition(stream.epoch, stream.offset), out));
    }
  }

  /** A channel's stream, created on first use (a plain read first: computeIfAbsent may lock the bin). */
  private Stream stream(ChannelName channel) {
    Stream stream = streams.get(channel.value());
    return stream != null ? stream : streams.computeIfAbsent(channel.value(), k -> new Stream(StreamPosition.newEpoch()));
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
   * Writes every channel's epoch, offset and history to {@code file}, for {@link #restore} after a
   * clean restart: the channels keep their epochs, so clients resume without a reset. Call it once
   * nothing publishes any more.
   */
  public void snapshot(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, Stream> e : streams.entrySet()) {
        Stream stream = e.getValue();
        synchronized (stream) {
          JsonArray history = new JsonArray();
          stream.history.forEach(p -> history.add(new JsonObject(new String(p.bytes(), StandardCharsets.UTF_8))));
          out.write(new JsonObject().put("channel", e.getKey()).put("epoch", stream.epoch)
              .put("offset", stream.offset).put("history", history).encode());
          out.write('\n');
        }
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Loads a snapshot and deletes it, so that a crash later (no new snapshot) starts fresh epochs
   * instead of reusing offsets that would name different messages. Returns the channels restored.
   */
  public int restore(Path file) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    int channels = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonObject saved = new JsonObject(line);
        Stream stream = new Stream(saved.getString("epoch"));
        stream.offset = saved.getLong("offset");
        for (Object o : saved.getJsonArray("history")) {
          JsonObject p = (JsonObject) o;
          stream.history.addLast(Publication.encode(p.getString("channel"), p.getLong("offset"), p.getString("epoch"),
              p.getString("type"), Json.encode(p.getValue("data")), p.getLong("ts")));
        }
        streams.put(saved.getString("channel"), stream);
        channels++;
      }
    }
    Files.delete(file);
    return channels;
  }

  /** One channel's stream; guarded by its own monitor. */
  private static final class Stream {
    final String epoch;
    final ArrayDeque<Publication> history = new ArrayDeque<>();
    long offset;

    Stream(String epoch) {
      this.epoch = epoch;
    }

    void expire(long now, NamespaceOptions options) {
      long oldest = now - options.historyTtl().toMillis();
      while (!history.isEmpty() && history.peekFirst().ts() < oldest) {
        history.removeFirst();
      }
    }
  }
}
