package io.sinal.hub;

import io.vertx.core.json.JsonObject;

/**
 * A protocol event that is not a publication ({@code join}, {@code leave}, {@code reset},
 * {@code disconnect}, {@code connected}) or a command reply ({@code event} null). Not in history.
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
