package io.sinal.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A polling client: asks {@code /poll} again and again with the cursor of the last answer, long
 * polling ({@code wait} &gt; 0) or plain polling every 100 ms ({@code wait} 0). Stops when closed.
 */
public final class PollClient extends Recording {
  private final Endpoint sinal;
  private final String channels;
  private final int wait;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile String cursor;
  private volatile boolean closed;
  private final Thread loop;

  private PollClient(Endpoint sinal, String channels, String cursor, int wait) {
    this.sinal = sinal;
    this.channels = channels;
    this.cursor = cursor;
    this.wait = wait;
    this.loop = new Thread(this::run, "poll-client");
    loop.setDaemon(true);
  }

  /** Starts polling {@code channels} (a query fragment like {@code channel=a&channel=b}). */
  public static PollClient start(Endpoint sinal, String channels, String cursor, int wait) {
    PollClient client = new PollClient(sinal, channels, cursor, wait);
    client.poll();
    client.loop.start();
    return client;
  }

  private void run() {
    while (!closed) {
      if (wait == 0) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
      if (!closed) {
        try {
          poll();
        } catch (java.io.UncheckedIOException e) {
          // The server is away (restarting): try again shortly, as a real client would.
          try {
            Thread.sleep(200);
          } catch (InterruptedException stop) {
            return;
          }
        }
      }
    }
  }

  /** One request; the first one is made before {@link #start} returns, so the cursor is set. */
  private synchronized void poll() {
    // Without a cursor, one immediate poll gets the current position to wait from.
    String query =
        channels
            + "&wait="
            + (cursor == null ? 0 : wait)
            + (cursor == null
                ? ""
                : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    HttpResponse<String> response = sinal.get("/poll?" + query);
    requests.incrementAndGet();
    assertThat(response.statusCode()).as("poll answer %s", response.body()).isEqualTo(200);
    JsonObject body = new JsonObject(response.body());
    cursor = body.getString("cursor");
    body.getJsonArray("resets").forEach(r -> record((JsonObject) r));
    body.getJsonArray("messages").forEach(m -> record((JsonObject) m));
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public String cursor() {
    return cursor;
  }

  @Override
  public void close() {
    closed = true;
    loop.interrupt();
  }
}
