package io.sinal.transport.poll;

import io.sinal.hub.Cursor;
import io.sinal.hub.Disconnect;
import io.sinal.hub.Outbound;
import io.sinal.hub.Publication;
import io.sinal.hub.Push;
import io.sinal.hub.StreamPosition;
import io.sinal.protocol.Replies;
import io.sinal.session.Session;
import io.sinal.session.Sink;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One poll request as a sink: collects up to {@code limit} messages and answers as soon as it is ready
 * and holds something, or when the wait ends. The returned cursor covers exactly what was answered;
 * whatever did not fit is read from history by the next request.
 */
final class PollExchange implements Sink {
  private final HttpServerResponse response;
  private final LinkedHashMap<String, StreamPosition> cursor;
  private final int limit;
  private final List<Publication> messages = new ArrayList<>();
  private final List<Push> resets = new ArrayList<>();
  private Session session;
  private boolean ready;
  private boolean answered;
  private long timer = -1;
  private Vertx vertx;

  PollExchange(HttpServerResponse response, Map<String, StreamPosition> requestCursor, int limit) {
    this.response = response;
    this.cursor = new LinkedHashMap<>(requestCursor);
    this.limit = limit;
  }

  void session(Session session) {
    this.session = session;
  }

  void start(String channel, StreamPosition position) {
    cursor.put(channel, position);
  }

  /** Every subscription is in place; answer now if something came, else when {@code timer} fires. */
  void ready(long timer, Vertx vertx) {
    this.timer = timer;
    this.vertx = vertx;
    ready = true;
    if (!messages.isEmpty() || !resets.isEmpty()) {
      answer();
    }
  }

  @Override
  public String transport() {
    return "poll";
  }

  @Override
  public boolean lasting() {
    return false;
  }

  @Override
  public boolean writable() {
    return true;
  }

  @Override
  public void write(List<Outbound> batch) {
    for (Outbound item : batch) {
      if (messages.size() >= limit) {
        break;
      }
      if (item instanceof Publication p) {
        messages.add(p);
        cursor.put(p.channel(), p.position());
      } else if (item instanceof Push push && push.position() != null) {
        resets.add(push);
        cursor.put(push.channel(), push.position());
      }
    }
    if (ready && (!messages.isEmpty() || !resets.isEmpty())) {
      answer();
    }
  }

  void answer() {
    if (answered) {
      return;
    }
    answered = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    session.peerClosed();
    if (response.closed()) {
      return;
    }
    Buffer body = Buffer.buffer(256).appendString("{\"messages\":");
    Replies.appendArray(body, messages);
    body.appendString(",\"cursor\":").appendString(Json.encode(Cursor.format(cursor))).appendString(",\"resets\":[");
    for (int i = 0; i < resets.size(); i++) {
      if (i > 0) {
        body.appendByte((byte) ',');
      }
      body.appendBytes(resets.get(i).bytes());
    }
    body.appendString("]}");
    response.putHeader("content-type", "application/json").putHeader("cache-control", "no-store").end(body);
  }

  /** The client went away before the answer. */
  void abandon() {
    answered = true;
    if (timer >= 0 && vertx != null) {
      vertx.cancelTimer(timer);
    }
    session.peerClosed();
  }

  @Override
  public void heartbeat(long now) {}

  @Override
  public void close(Disconnect disconnect) {
    answer();
  }
}
