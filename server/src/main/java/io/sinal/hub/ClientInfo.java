package io.sinal.hub;

import io.vertx.core.json.JsonObject;

/** One connection as presence shows it: its client id and its user id (empty when anonymous). */
public record ClientInfo(String client, String user) {
  public JsonObject toJson() {
    return new JsonObject().put("client", client).put("user", user);
  }
}
