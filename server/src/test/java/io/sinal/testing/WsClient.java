package io.sinal.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A real WebSocket client (the JDK's) speaking the Sinal protocol, recording what it receives. */
public final class WsClient extends Recording implements WebSocket.Listener {
  private final Map<Long, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final StringBuilder partial = new StringBuilder();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final boolean autoRead;
  private volatile boolean paused;
  private volatile String closeReason;
  private WebSocket socket;

  private WsClient(boolean autoRead) {
    this.autoRead = autoRead;
  }

  public static WsClient connect(Endpoint sinal) {
    return connect(sinal, "/ws", true);
  }

  /** {@code autoRead} false: the client reads nothing until {@link #read} — a slow consumer. */
  public static WsClient connect(Endpoint sinal, String pathAndQuery, boolean autoRead) {
    return connect(sinal, pathAndQuery, autoRead, null);
  }

  public static WsClient connect(
      Endpoint sinal, String pathAndQuery, boolean autoRead, String origin) {
    WsClient client = new WsClient(autoRead);
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
    if (origin != null) {
      builder.header("Origin", origin);
    }
    client.socket =
        builder
            .buildAsync(URI.create("ws://127.0.0.1:" + sinal.port() + pathAndQuery), client)
            .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
            .join();
    return client;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    if (autoRead) {
      webSocket.request(1);
    }
  }

  public void read(long frames) {
    socket.request(frames);
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      for (String line : partial.toString().split("\n")) {
        JsonObject item = new JsonObject(line);
        Object id = item.getValue("id");
        if (id instanceof Number n) {
          if (item.containsKey("result")
              && item.getJsonObject("result").containsKey("epoch")
              && item.getJsonObject("result").containsKey("channel")
              && !item.getJsonObject("result").containsKey("publications")) {
            JsonObject r = item.getJsonObject("result");
            synchronized (positions) {
              positions.putIfAbsent(
                  r.getString("channel"), r.getString("epoch") + "~" + r.getLong("offset"));
            }
          }
          replies.computeIfAbsent(n.longValue(), k -> new CompletableFuture<>()).complete(item);
        } else {
          record(item);
        }
      }
      partial.setLength(0);
    }
    if (autoRead && !paused) {
      webSocket.request(1);
    }
    return null;
  }

  /** Stops reading: frames stay in the socket, as with a client that cannot keep up. */
  public void pauseReading() {
    paused = true;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeReason = reason;
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(-1);
  }

  /** Sends a raw text frame. */
  public void sendRaw(String text) {
    socket.sendText(text, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  public void sendBinary(byte[] data) {
    socket
        .sendBinary(ByteBuffer.wrap(data), true)
        .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
        .join();
  }

  /** Sends {@code command} with a fresh id and returns the reply. */
  public JsonObject call(JsonObject command) {
    long id = ids.incrementAndGet();
    CompletableFuture<JsonObject> reply =
        replies.computeIfAbsent(id, k -> new CompletableFuture<>());
    sendRaw(command.copy().put("id", id).encode());
    return reply.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
  }

  public JsonObject call(String cmd, Object... fields) {
    JsonObject command = new JsonObject().put("cmd", cmd);
    for (int i = 0; i < fields.length; i += 2) {
      command.put((String) fields[i], fields[i + 1]);
    }
    return call(command);
  }

  /** Subscribes and checks the reply is a success. */
  public JsonObject subscribe(String channel, String cursor) {
    JsonObject reply =
        cursor == null
            ? call("subscribe", "channel", channel)
            : call("subscribe", "channel", channel, "cursor", cursor);
    assertThat(reply.containsKey("result")).as("subscribe reply %s", reply.encode()).isTrue();
    return reply.getJsonObject("result");
  }

  /** The reply with {@code id}, for a frame sent raw. */
  public JsonObject reply(long id) {
    return replies
        .computeIfAbsent(id, k -> new CompletableFuture<>())
        .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS)
        .join();
  }

  /** The close code once the server closed the socket. */
  public int awaitClosed() {
    return closed.orTimeout(WAIT.toSeconds() * 3, TimeUnit.SECONDS).join();
  }

  public String closeReason() {
    return closeReason;
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public String cursor() {
    return cursorFromPositions();
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      socket.abort();
    }
  }
}
