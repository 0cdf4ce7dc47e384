package io.sinal.hub.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.testing.Endpoint;
import io.sinal.testing.Recording;
import io.sinal.testing.ServerProcess;
import io.sinal.testing.TestSinal;
import io.sinal.testing.Transport;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Several nodes on the local Redis (127.0.0.1:6379), each test under its own key prefix. */
class ClusterTest {
  static final String REDIS = "redis://127.0.0.1:6379";
  static final String JWT_SECRET = "cluster-test-jwt-secret-0123456789abcdef";

  private final String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private final List<AutoCloseable> nodes = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void stopNodes() throws Exception {
    Collections.reverse(nodes);
    for (AutoCloseable node : nodes) {
      node.close();
    }
  }

  private String[] clusterArgs(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--redis-url",
                REDIS,
                "--redis-prefix",
                prefix,
                "--api-key",
                ServerProcess.API_KEY,
                "--jwt-secret",
                JWT_SECRET,
                "--presence-ttl",
                "3"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private TestSinal node() {
    TestSinal node = TestSinal.start(clusterArgs());
    nodes.add(node);
    return node;
  }

  private ServerProcess processNode(int port) throws Exception {
    Path data = Files.createDirectories(dir.resolve("node-" + port));
    ServerProcess node = ServerProcess.start(port, data, clusterArgs());
    nodes.add(node);
    return node;
  }

  private static JsonObject publish(Endpoint node, String channel, Object data) {
    var response =
        node.request(
            "POST",
            "/api/publish",
            new JsonObject().put("channel", channel).put("data", data).encode(),
            "Bearer " + ServerProcess.API_KEY);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  @ParameterizedTest
  @EnumSource(Transport.class)
  void subscribedOnOneNodePublishedOnAnotherReceivedOnceInOrder(Transport transport) {
    TestSinal a = node();
    TestSinal b = node();
    String channel = "demo:cluster-" + transport;
    try (Recording client = transport.subscribe(a, channel, null)) {
      for (int i = 1; i <= 5; i++) {
        publish(b, channel, i);
      }
      assertThat(client.messages(5))
          .extracting(m -> m.getInteger("data"))
          .containsExactly(1, 2, 3, 4, 5);
      client.assertNothingMore(Duration.ofMillis(300));
    }
  }

  @Test
  void offsetsStayGaplessUnderConcurrentPublishesFromSeveralNodes() throws Exception {
    List<TestSinal> cluster = List.of(node(), node(), node());
    String channel = "demo:gapless";
    try (WsClient subscriber = WsClient.connect(cluster.get(0))) {
      subscriber.subscribe(channel, null);
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        TestSinal via = cluster.get(t % 3);
        results.add(
            pool.submit(
                () -> {
                  List<Long> offsets = new ArrayList<>();
                  for (int i = 0; i < 25; i++) {
                    offsets.add(publish(via, channel, i).getLong("offset"));
                  }
                  return offsets;
                }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> r : results) {
        all.addAll(r.get());
      }
      pool.shutdown();
      Collections.sort(all);
      List<Long> expected = new ArrayList<>();
      for (long i = 1; i <= 150; i++) {
        expected.add(i);
      }
      assertThat(all).isEqualTo(expected);
      assertThat(subscriber.messages(150)).extracting(m -> m.getLong("offset")).isEqualTo(expected);
    }
  }

  @Test
  void clientsOfAKilledNodeResumeOnASurvivorWithNoGap() throws Exception {
    int port = ServerProcess.freePort();
    ServerProcess doomed = processNode(port);
    TestSinal survivor = node();
    Endpoint[] target = {doomed};
    Endpoint balancer = () -> target[0].port(); // what a load balancer does when a node vanishes
    String channel = "demo:failover";
    WsClient ws = WsClient.connect(doomed);
    ws.subscribe(channel, null);
    Recording sse = Transport.SSE.subscribe(doomed, channel, null);
    Recording poll = Transport.LONG_POLL.subscribe(balancer, channel, null);
    for (int i = 1; i <= 10; i++) {
      publish(survivor, channel, i);
    }
    List<Integer> wsData = data(ws.messages(10));
    List<Integer> sseData = data(sse.messages(10));
    doomed.close(); // SIGKILL: no drain, no cleanup
    doomed.awaitExit(Duration.ofSeconds(10));
    target[0] = survivor;
    for (int i = 11; i <= 20; i++) {
      publish(survivor, channel, i);
    }
    try (Recording ws2 = Transport.WEBSOCKET.subscribe(survivor, channel, ws.cursor());
        Recording sse2 = Transport.SSE.subscribe(survivor, channel, sse.cursor())) {
      wsData.addAll(data(ws2.messages(10)));
      sseData.addAll(data(sse2.messages(10)));
      List<Integer> pollData = data(poll.messages(20));
      List<Integer> expected = new ArrayList<>();
      for (int i = 1; i <= 20; i++) {
        expected.add(i);
      }
      assertThat(wsData).isEqualTo(expected);
      assertThat(sseData).isEqualTo(expected);
      assertThat(pollData).isEqualTo(expected);
      ws2.assertNothingMore(Duration.ofMillis(200));
    } finally {
      ws.close();
      sse.close();
      poll.close();
    }
  }

  private static List<Integer> data(List<JsonObject> messages) {
    return new ArrayList<>(messages.stream().map(m -> m.getInteger("data")).toList());
  }

  private static List<String> users(WsClient client, String channel) {
    JsonArray clients =
        client.call("presence", "channel", channel).getJsonObject("result").getJsonArray("clients");
    return clients.stream().map(c -> ((JsonObject) c).getString("user")).sorted().toList();
  }

  @Test
  void presenceIsSharedAndADeadNodesClientsVanish() throws Exception {
    ServerProcess doomed = processNode(ServerProcess.freePort());
    TestSinal survivor = node();
    String channel = "demo:lobby";
    WsClient bob = WsClient.connect(doomed);
    bob.call("connect", "token", survivor.token("bob"));
    try (WsClient alice = WsClient.connect(survivor)) {
      alice.call("connect", "token", survivor.token("alice"));
      alice.subscribe(channel, null);
      bob.subscribe(channel, null);
      JsonObject join = alice.nextPush("join");
      if (join.getString("user").equals("alice")) {
        join = alice.nextPush("join"); // her own join comes first: joins go to every subscriber
      }
      assertThat(join.getString("user"))
          .as("bob's join, pushed from the other node")
          .isEqualTo("bob");
      assertThat(users(alice, channel)).containsExactly("alice", "bob");
      doomed.close(); // killed: bob's node never says he left
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> users(alice, channel).equals(List.of("alice")));
    } finally {
      bob.close();
    }
  }
}
