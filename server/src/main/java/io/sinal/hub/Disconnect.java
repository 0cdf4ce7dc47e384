package io.sinal.hub;

import io.vertx.core.json.JsonObject;

/**
 * Why the server ends a connection. Codes 3000–3499 tell the client to reconnect and resume from
 * its cursor; 3500 and above tell it not to reconnect with the same credentials.
 *
 * @param delayMillis how long the client should wait before reconnecting; 0 means at once
 */
public record Disconnect(int code, String reason, long delayMillis) {
  public static final Disconnect SHUTDOWN = new Disconnect(3000, "shutdown", 0);
  public static final Disconnect SLOW_CONSUMER = new Disconnect(3001, "slow consumer", 0);
  public static final Disconnect HEARTBEAT_TIMEOUT = new Disconnect(3002, "heartbeat timeout", 0);

  /** The broker is unreachable: come back in a few seconds and resume from the cursor. */
  public static final Disconnect BROKER_UNAVAILABLE =
      new Disconnect(3003, "broker unavailable", 3000);

  /**
   * The token's {@code exp} has passed: reconnect with a fresh token and resume from the cursor.
   */
  public static final Disconnect TOKEN_EXPIRED = new Disconnect(3004, "token expired", 0);

  public static final Disconnect UNAUTHORIZED = new Disconnect(3500, "unauthorized", 0);

  /**
   * A shutdown telling the client to come back after {@code delayMillis}, so clients spread out.
   */
  public static Disconnect shutdown(long delayMillis) {
    return new Disconnect(SHUTDOWN.code, SHUTDOWN.reason, delayMillis);
  }

  public boolean reconnect() {
    return code < 3500;
  }

  public Push toPush() {
    JsonObject body =
        new JsonObject()
            .put("push", "disconnect")
            .put("code", code)
            .put("reason", reason)
            .put("reconnect", reconnect())
            .put("delay", delayMillis);
    return Push.of("disconnect", null, null, body);
  }
}
