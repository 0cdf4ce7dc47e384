package io.sinal.hub;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A protocol event that is not a publication ({@code join}, {@code leave}, {@code reset}, {@code
 * disconnect}, {@code connected}) or a command reply ({@code event} null). Not in history.
 *
 * @param channel the channel it concerns, or null
 * @param position for {@code reset}, where the subscription continues from; else null
 */
public record Push(String event, String channel, StreamPosition position, byte[] bytes)
    implements Outbound {
  /** The heartbeat a client can see (docs/protocol.md, "Heartbeats"): it carries nothing else. */
  public static final Push PING = of("ping", null, null, new JsonObject().put("push", "ping"));

  public static Push of(String event, String channel, StreamPosition position, JsonObject body) {
    return new Push(event, channel, position, body.toBuffer().getBytes());
  }

  public static Push reply(JsonObject body) {
    return new Push(null, null, null, body.toBuffer().getBytes());
  }

  /**
   * The reply to {@code subscribe} command {@code id}: the position the subscription starts from.
   */
  public static Push subscribed(long id, String channel, StreamPosition start) {
    return reply(new JsonObject().put("id", id).put("result", start.toJson(channel)));
  }

  /**
   * A stream's first event: the client's id, how often it hears from the server, and every position
   * of its cursor (channels it carries along without subscribing included), where the stream
   * starts.
   */
  public static Push connected(
      String client, long heartbeatMillis, Map<String, StreamPosition> positions) {
    JsonArray channels = new JsonArray();
    positions.forEach((channel, position) -> channels.add(position.toJson(channel)));
    return of(
        "connected",
        null,
        null,
        new JsonObject()
            .put("push", "connected")
            .put("client", client)
            .put("heartbeat", heartbeatMillis)
            .put("channels", channels));
  }

  public static Push join(String channel, ClientInfo client) {
    return presence("join", channel, client);
  }

  public static Push leave(String channel, ClientInfo client) {
    return presence("leave", channel, client);
  }

  private static Push presence(String event, String channel, ClientInfo client) {
    JsonObject body =
        new JsonObject()
            .put("push", event)
            .put("channel", channel)
            .put("client", client.client())
            .put("user", client.user());
    return of(event, channel, null, body);
  }

  public static Push reset(String channel, StreamPosition position, String reason) {
    JsonObject body =
        new JsonObject()
            .put("push", "reset")
            .put("channel", channel)
            .put("epoch", position.epoch())
            .put("offset", position.offset())
            .put("reason", reason);
    return of("reset", channel, position, body);
  }
}
