package io.sinal.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.function.Function;

/**
 * The last few events of a kind (errors, publications) for the admin dashboard; oldest dropped.
 * Events are kept as they come and turned into JSON only when the dashboard asks, so recording one
 * costs no more than a queue slot (every publication is recorded).
 */
public final class RecentEvents<T> {
  private final int capacity;
  private final Function<T, JsonObject> render;
  private final ArrayDeque<T> events;

  public RecentEvents(int capacity, Function<T, JsonObject> render) {
    this.capacity = capacity;
    this.render = render;
    this.events = new ArrayDeque<>(capacity);
  }

  /** Events that are JSON already. */
  public static RecentEvents<JsonObject> ofJson(int capacity) {
    return new RecentEvents<>(capacity, Function.identity());
  }

  public synchronized void add(T event) {
    if (events.size() == capacity) {
      events.removeFirst();
    }
    events.addLast(event);
  }

  /** Newest first. */
  public synchronized JsonArray toJson() {
    JsonArray out = new JsonArray();
    events.descendingIterator().forEachRemaining(e -> out.add(render.apply(e)));
    return out;
  }
}
