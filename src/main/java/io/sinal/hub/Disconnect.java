package io.sinal.hub;

import io.vertx.core.json.JsonObject;

/**
 * Why the server ends a connection. Codes 3000–3499 tell the client to reconnect and resume from its
 * cursor; 3500 and above tell it not to reconnect with the same credentials.
 */
public record Disconnect(int code, String reason) {
  public static final Disconnect SHUTDOWN = new Disconnect(3000, "shutdown");
  public static final Disconnect SLOW_CONSUMER = new Disconnect(3001, "slow consumer");
  public static final Disconnect HEARTBEAT_TIMEOUT = new Disconnect(3002, "heartbeat timeout");
  public static final Disconnect UNAUTHORIZED = new Disconnect(3500, "unauthorized");

  public boolean reconnect() {
    return code < 3500;
  }

  public Push toPush() {
    JsonObject body =
        new JsonObject()
            .put("push", "disconnect")
            .put("code", code)
            .put("reason", reason)
            .put("reconnect", reconnect());
    return Push.of("disconnect", null, null, body);
  }
}
