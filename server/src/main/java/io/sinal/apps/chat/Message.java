package io.sinal.apps.chat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One chat message as stored, and as published and served: {@code
 * {"id","room","user","name","text","ts"}}.
 *
 * @param id assigned by the database, increasing: pages and clients order messages by it
 * @param ts when the server accepted it, in milliseconds
 */
record Message(long id, String room, String user, String name, String text, Instant ts) {
  JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("room", room)
        .put("user", user)
        .put("name", name)
        .put("text", text)
        .put("ts", ts.toEpochMilli());
  }
}
