package io.sinal.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a client received, in order: envelopes and pushes as JSON objects. Every wait is bounded;
 * {@link #assertNothingMore} checks that nothing unexpected arrived.
 */
public abstract class Recording implements AutoCloseable {
  protected static final Duration WAIT = Duration.ofSeconds(10);

  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();

  /** Positions seen per channel, as a client library tracks them to build a cursor. */
  protected final Map<String, String> positions = new LinkedHashMap<>();

  protected void record(JsonObject item) {
    if ("ping".equals(item.getString("push"))) {
      return; // the server's heartbeat; tests of it read the socket themselves
    }
    synchronized (positions) {
      if (!item.containsKey("push") && item.containsKey("offset")) {
        positions.put(
            item.getString("channel"), item.getString("epoch") + "~" + item.getLong("offset"));
      } else if ("reset".equals(item.getString("push"))) {
        positions.put(
            item.getString("channel"), item.getString("epoch") + "~" + item.getLong("offset"));
      }
    }
    received.add(item);
  }

  /** The next object of any kind. */
  public JsonObject next() {
    try {
      JsonObject item = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (item == null) {
        fail("nothing received within " + WAIT + " by " + getClass().getSimpleName());
      }
      return item;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The next publication envelope, skipping presence pushes (join/leave) and the stream's opening.
   */
  public JsonObject nextMessage() {
    while (true) {
      JsonObject item = next();
      String push = item.getString("push");
      if (push == null) {
        return item;
      }
      if (!push.equals("join") && !push.equals("leave") && !push.equals("connected")) {
        fail("expected a message, got " + item.encode());
      }
    }
  }

  public List<JsonObject> messages(int count) {
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(nextMessage());
    }
    return out;
  }

  /** The next push named {@code name}, skipping join/leave/connected. */
  public JsonObject nextPush(String name) {
    while (true) {
      JsonObject item = next();
      String push = item.getString("push");
      if (name.equals(push)) {
        return item;
      }
      if (push == null
          || !(push.equals("join") || push.equals("leave") || push.equals("connected"))) {
        fail("expected push " + name + ", got " + item.encode());
      }
    }
  }

  /** Waits {@code quiet} and checks that no message (anything but presence) arrived. */
  public void assertNothingMore(Duration quiet) {
    try {
      long end = System.nanoTime() + quiet.toNanos();
      while (true) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return;
        }
        JsonObject item = received.poll(left, TimeUnit.NANOSECONDS);
        if (item != null) {
          String push = item.getString("push");
          assertThat(push).as("unexpected %s", item.encode()).isIn("join", "leave", "connected");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The cursor after everything received so far. */
  public abstract String cursor();

  protected String cursorFromPositions() {
    synchronized (positions) {
      StringBuilder out = new StringBuilder();
      positions.forEach(
          (channel, position) -> {
            if (out.length() > 0) {
              out.append(',');
            }
            out.append(channel).append('~').append(position);
          });
      return out.toString();
    }
  }

  @Override
  public abstract void close();
}
