package io.sinal.apps.uploads;

import io.sinal.testing.Endpoint;
import io.sinal.testing.Recording;
import io.sinal.testing.SseClient;
import io.sinal.testing.Transport;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Follows one batch, from its upload's answer until every file is finished, the three ways the page
 * offers: polling the store, or the batch's channel over SSE or WebSocket (from the answer's
 * cursor, so the history replays what was published before the follower connected).
 */
enum Follower {
  POLL,
  SSE,
  WEBSOCKET;

  private static final Set<String> FINISHED = Set.of("done", "failed", "cancelled");

  /** Every event received per file, in arrival order, and the HTTP requests it took. */
  record Followed(Map<Integer, List<JsonObject>> events, int requests) {}

  Followed follow(Endpoint server, JsonObject answer, Duration pollEvery) throws Exception {
    int files = answer.getJsonArray("files").size();
    Map<Integer, List<JsonObject>> events = new TreeMap<>();
    for (int id = 1; id <= files; id++) {
      events.put(id, new ArrayList<>());
    }
    if (this == POLL) {
      int requests = 0;
      while (!finished(events)) {
        if (requests > 0) {
          Thread.sleep(pollEvery.toMillis()); // the polling interval itself, not a synchronisation
        }
        requests++;
        HttpResponse<String> response =
            Endpoint.HTTP.send(
                HttpRequest.newBuilder(server.uri("/uploads/" + answer.getString("batch"))).build(),
                HttpResponse.BodyHandlers.ofString());
        for (Object f : new JsonObject(response.body()).getJsonArray("files")) {
          JsonObject file = (JsonObject) f;
          List<JsonObject> seen = events.get(file.getInteger("id"));
          file.getJsonArray("events").stream()
              .map(JsonObject.class::cast)
              .filter(e -> e.getInteger("seq") > seen.size())
              .forEach(seen::add);
        }
        if (requests > 200) {
          throw new AssertionError("still not finished after 200 polls: " + events);
        }
      }
      return new Followed(events, requests);
    }
    String query =
        "channel="
            + Transport.enc(answer.getString("channel"))
            + "&cursor="
            + Transport.enc(answer.getString("cursor"));
    try (Recording client =
        this == SSE ? SseClient.open(server, query, null) : WsClient.connect(server)) {
      if (client instanceof WsClient ws) {
        ws.subscribe(answer.getString("channel"), answer.getString("cursor"));
      }
      while (!finished(events)) {
        JsonObject envelope = client.nextMessage();
        JsonObject data = envelope.getJsonObject("data");
        if (!envelope.getString("type").equals(data.getString("stage"))) {
          throw new AssertionError("type and stage differ: " + envelope.encode());
        }
        events.get(data.getInteger("file")).add(data);
      }
      client.assertNothingMore(Duration.ofMillis(200));
    }
    return new Followed(events, 1);
  }

  private static boolean finished(Map<Integer, List<JsonObject>> events) {
    return events.values().stream()
        .allMatch(
            list ->
                !list.isEmpty() && FINISHED.contains(list.get(list.size() - 1).getString("stage")));
  }
}
