package io.sinal.hub.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 2 in cluster mode: reads create no Redis keys, a quiet channel keeps its position
 * on every node, and the channels remembered without history are bounded without ever reusing
 * offsets.
 */
class RedisHistoryBoundsTest {
  private final String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private final List<TestSinal> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() throws Exception {
    // Positions in Redis no longer expire by themselves: the test removes what it made.
    Response keys = redis(nodes.get(0), Request.cmd(Command.KEYS).arg(prefix + "*"));
    if (keys.size() > 0) {
      Request del = Request.cmd(Command.DEL);
      keys.forEach(k -> del.arg(k.toString()));
      redis(nodes.get(0), del);
    }
    Collections.reverse(nodes);
    nodes.forEach(TestSinal::close);
  }

  private TestSinal node(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--redis-url",
                ClusterTest.REDIS,
                "--redis-prefix",
                prefix,
                "--jwt-secret",
                ClusterTest.JWT_SECRET));
    args.addAll(List.of(more));
    TestSinal node = TestSinal.start(args.toArray(String[]::new));
    nodes.add(node);
    return node;
  }

  @Test
  void readsOfUnknownChannelsCreateNoRedisKeys() throws Exception {
    TestSinal a = node();
    TestSinal b = node();
    for (int request = 0; request < 16; request++) {
      StringBuilder query = new StringBuilder("/poll?wait=0");
      for (int i = 0; i < 128; i++) {
        query.append("&channel=demo:r").append(request).append('-').append(i);
      }
      assertThat(a.get(query.toString()).statusCode()).isEqualTo(200);
    }
    try (WsClient reader = WsClient.connect(b)) {
      for (int i = 0; i < 100; i++) {
        assertThat(reader.call("history", "channel", "demo:h" + i).containsKey("result")).isTrue();
      }
    }
    // One hash for the whole deployment (its empty epochs), nothing per channel.
    assertThat(redis(a, Request.cmd(Command.KEYS).arg(prefix + "*")))
        .extracting(Response::toString)
        .containsExactly(prefix + "epochs");

    // Every node answers the same position for a channel nobody published on, and it is continued.
    String cursor = poll(a, "demo:never", null).getString("cursor");
    assertThat(poll(b, "demo:never", null).getString("cursor")).isEqualTo(cursor).endsWith("~0");
    b.publish("demo:never", "\"first\"");
    JsonObject first = poll(a, "demo:never", cursor);
    assertThat(first.getJsonArray("resets")).isEmpty();
    assertThat(first.getJsonArray("messages"))
        .extracting(m -> ((JsonObject) m).getString("data"))
        .containsExactly("first");
  }

  @Test
  void quietChannelKeepsItsPositionInTheCluster() throws Exception {
    TestSinal a = node("--namespace", "blob:ttl=1");
    TestSinal b = node("--namespace", "blob:ttl=1");
    for (int i = 1; i <= 3; i++) {
      a.publish("blob:quiet", String.valueOf(i));
    }
    String cursor = poll(a, "blob:quiet", null).getString("cursor");
    assertThat(cursor).endsWith("~3");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                redis(a, Request.cmd(Command.EXISTS).arg(prefix + "{blob:quiet}:stream"))
                        .toInteger()
                    == 0);

    JsonObject quiet = poll(b, "blob:quiet", cursor);
    assertThat(quiet.getJsonArray("resets")).isEmpty();
    assertThat(quiet.getString("cursor")).isEqualTo(cursor);
    b.publish("blob:quiet", "4");
    JsonObject next = poll(a, "blob:quiet", cursor);
    assertThat(next.getJsonArray("resets")).isEmpty();
    assertThat(next.getJsonArray("messages"))
        .extracting(m -> ((JsonObject) m).getLong("offset"))
        .containsExactly(4L);
  }

  @Test
  void forgottenChannelStartsANewEpochInTheCluster() throws Exception {
    TestSinal a = node("--max-idle-channels", "5", "--namespace", "q:ttl=1");
    try (WsClient watcher = WsClient.connect(a)) {
      watcher.subscribe("q:watched", null);
      a.publish("q:c0", "\"before\"");
      String cursor = poll(a, "q:c0", null).getString("cursor");
      for (int i = 0; i < 20; i++) {
        a.publish("q:o" + i, "1");
      }
      // Once their history expired, all but 5 are forgotten, q:c0 first (its history expired
      // first).
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> redis(a, Request.cmd(Command.ZCARD).arg(prefix + "known")).toInteger() == 5);
      assertThat(redis(a, Request.cmd(Command.EXISTS).arg(prefix + "{q:c0}:meta")).toInteger())
          .isZero();

      a.publish("q:c0", "\"new 1\"");
      a.publish("q:c0", "\"new 2\"");
      JsonObject answer = poll(a, "q:c0", cursor);
      assertThat(answer.getJsonArray("resets"))
          .singleElement()
          .satisfies(
              r -> assertThat(((JsonObject) r).getString("reason")).isEqualTo("epoch_changed"));
      assertThat(answer.getJsonArray("messages")).isEmpty();
      assertThat(answer.getString("cursor")).doesNotContain(cursor.split("~")[1]).endsWith("~2");
      a.publish("q:watched", "\"still served\"");
      assertThat(watcher.nextMessage().getString("data")).isEqualTo("still served");
    }
  }

  private static JsonObject poll(TestSinal node, String channel, String cursor) {
    HttpResponse<String> response =
        node.get(
            "/poll?wait=0&channel="
                + channel
                + (cursor == null
                    ? ""
                    : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
    assertThat(response.statusCode()).as("poll answer %s", response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  /** One command on the test's Redis, through a client of its own. */
  private static Response redis(TestSinal node, Request request) throws Exception {
    Redis client = Redis.createClient(node.sinal().vertx(), ClusterTest.REDIS);
    try {
      return client
          .send(request)
          .toCompletionStage()
          .toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
    } finally {
      client.close();
    }
  }
}
