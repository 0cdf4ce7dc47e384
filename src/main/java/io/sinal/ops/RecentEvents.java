package io.sinal.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;

/** The last few events of a kind (errors, publications) for the admin dashboard; oldest dropped. */
public final class RecentEvents {
  private final int capacity;
  private final ArrayDeque<JsonObject> events;

  public RecentEvents(int capacity) {
    this.capacity = capacity;
    this.events = new ArrayDeque<>(capacity);
  }

  public synchronized void add(JsonObject event) {
    if (events.size() == capacity) {
      events.removeFirst();
    }
    events.addLast(event);
  }

  /** Newest first. */
  public synchronized JsonArray toJson() {
    JsonArray out = new JsonArray();
    events.descendingIterator().forEachRemaining(out::add);
    return out;
  }
}
