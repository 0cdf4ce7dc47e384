package io.sinal.transport.sse;

import io.sinal.hub.Cursor;
import io.sinal.hub.Disconnect;
import io.sinal.hub.Outbound;
import io.sinal.hub.Publication;
import io.sinal.hub.Push;
import io.sinal.hub.StreamPosition;
import io.sinal.session.Sink;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event stream. It keeps the stream's cursor so that every event that moves a position carries
 * {@code id: <cursor after it>}: a browser that reconnects sends the id of the last event it received
 * in full, and resumes exactly after it.
 */
final class SseStream implements Sink {
  private final HttpServerResponse response;
  private final LinkedHashMap<String, StreamPosition> cursor;
  private final long retryMillis;
  private boolean open;

  SseStream(HttpServerResponse response, Map<String, StreamPosition> requestCursor, long retryMillis) {
    this.response = response;
    this.cursor = new LinkedHashMap<>(requestCursor);
    this.retryMillis = retryMillis;
  }

  /** A subscription's starting position, before anything of it is written. */
  void start(String channel, StreamPosition position) {
    cursor.put(channel, position);
  }

  Push connected(String clientId) {
    JsonArray channels = new JsonArray();
    cursor.forEach(
        (channel, p) -> channels.add(new JsonObject().put("channel", channel).put("epoch", p.epoch()).put("offset", p.offset())));
    return Push.of("connected", null, null, new JsonObject().put("push", "connected").put("client", clientId).put("channels", channels));
  }

  void open() {
    response
        .setChunked(true)
        .putHeader("content-type", "text/event-stream; charset=utf-8")
        .putHeader("cache-control", "no-cache")
        .putHeader("x-accel-buffering", "no");
    response.write(Buffer.buffer("retry: " + retryMillis + "\n\n"));
    open = true;
  }

  @Override
  public String transport() {
    return "sse";
  }

  @Override
  public boolean writable() {
    return !response.writeQueueFull();
  }

  @Override
  public void write(List<Outbound> batch) {
    Buffer out = Buffer.buffer(batch.size() * 128);
    for (Outbound item : batch) {
      if (item.event() == null) {
        continue;
      }
      boolean moves = true;
      if (item instanceof Publication p) {
        cursor.put(p.channel(), p.position());
      } else if (item instanceof Push push && push.position() != null) {
        cursor.put(push.channel(), push.position());
      } else {
        moves = "connected".equals(item.event());
      }
      if (moves) {
        out.appendString("id: ").appendString(Cursor.format(cursor)).appendString("\n");
      }
      out.appendString("event: ").appendString(item.event()).appendString("\ndata: ").appendBytes(item.bytes()).appendString("\n\n");
    }
    response.write(out);
  }

  @Override
  public void heartbeat(long now) {
    if (open && !response.closed()) {
      response.write(Buffer.buffer(": ping\n\n"));
    }
  }

  @Override
  public void close(Disconnect disconnect) {
    if (response.closed()) {
      return;
    }
    if (!open) {
      open();
    }
    response.end(Buffer.buffer("event: disconnect\ndata: ").appendBytes(disconnect.toPush().bytes()).appendString("\n\n"));
  }
}
