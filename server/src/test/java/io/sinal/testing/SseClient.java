package io.sinal.testing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A streaming HTTP reader of Server-Sent Events, parsing fields as the SSE spec says. */
public final class SseClient extends Recording {
  private final CompletableFuture<HttpResponse<Stream<String>>> response;
  private volatile String lastEventId;
  private volatile String retry;
  private volatile Thread reader;

  private SseClient(CompletableFuture<HttpResponse<Stream<String>>> response) {
    this.response = response;
  }

  /** Opens {@code /sse?<query>}, sending {@code lastEventId} as Last-Event-ID when not null. */
  public static SseClient open(Endpoint sinal, String query, String lastEventId) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(sinal.baseUrl() + "/sse?" + query));
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    SseClient client =
        new SseClient(
            HttpClient.newHttpClient()
                .sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines()));
    HttpResponse<Stream<String>> r =
        client.response.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    if (r.statusCode() == 200) {
      client.reader = new Thread(() -> client.read(r.body()), "sse-reader");
      client.reader.setDaemon(true);
      client.reader.start();
    }
    return client;
  }

  public int status() {
    return response.join().statusCode();
  }

  /** The whole body of an error answer. */
  public String errorBody() {
    return String.join("\n", (Iterable<String>) response.join().body()::iterator);
  }

  private void read(Stream<String> lines) {
    StringBuilder data = new StringBuilder();
    String[] event = {null};
    String[] id = {null};
    try {
      lines.forEach(
          line -> {
            if (line.isEmpty()) {
              if (id[0] != null) {
                lastEventId = id[0];
              }
              if (data.length() > 0) {
                JsonObject item = new JsonObject(data.toString());
                item.put("_event", event[0] == null ? "message" : event[0]);
                if (id[0] != null) {
                  item.put("_id", id[0]);
                }
                record(item);
              }
              data.setLength(0);
              event[0] = null;
              id[0] = null;
            } else if (line.startsWith("data:")) {
              data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
            } else if (line.startsWith("event:")) {
              event[0] = line.substring(6).trim();
            } else if (line.startsWith("id:")) {
              id[0] = line.substring(3).trim();
            } else if (line.startsWith("retry:")) {
              retry = line.substring(6).trim();
            }
          });
    } catch (RuntimeException e) {
      // stream closed
    }
  }

  public String retry() {
    return retry;
  }

  /** The last event id received: what a browser would send as Last-Event-ID. */
  @Override
  public String cursor() {
    return lastEventId;
  }

  @Override
  public void close() {
    response.thenAccept(r -> r.body().close());
    if (reader != null) {
      reader.interrupt();
    }
  }
}
