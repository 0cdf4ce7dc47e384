package io.sinal.hub.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.testing.ServerProcess;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Redis of the test's own (a redis-server process on a free port, with an append-only file so a
 * restart keeps what it acknowledged) is stopped and started again under a node.
 */
class RedisOutageTest {
  @TempDir Path dir;

  private Process redis(int port) throws IOException {
    Process process =
        new ProcessBuilder(
                "redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("redis.log").toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(10))
        .ignoreExceptions()
        .until(
            () -> {
              try (var socket = new java.net.Socket("127.0.0.1", port)) {
                return true;
              }
            });
    return process;
  }

  private static HttpResponse<String> publish(TestSinal node, int value) {
    return node.api("POST", "/api/publish", "{\"channel\":\"demo:outage\",\"data\":" + value + "}");
  }

  @Test
  void publishesFailLoudlyWhileRedisIsDownClientsAreToldAndServiceRecovers() throws Exception {
    int port = ServerProcess.freePort();
    Process redis = redis(port);
    try (TestSinal node = TestSinal.start("--redis-url", "redis://127.0.0.1:" + port)) {
      List<Integer> received = new ArrayList<>();
      WsClient client = WsClient.connect(node);
      client.subscribe("demo:outage", null);
      for (int i = 1; i <= 3; i++) {
        assertThat(publish(node, i).statusCode()).isEqualTo(200);
      }
      client.messages(3).forEach(m -> received.add(m.getInteger("data")));

      redis.destroy();
      redis.waitFor();
      JsonObject bye = client.nextPush("disconnect");
      assertThat(bye.getInteger("code")).isEqualTo(3003);
      assertThat(bye.getBoolean("reconnect")).isTrue();
      HttpResponse<String> refused = publish(node, 4);
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(new JsonObject(refused.body()).getJsonObject("error").getInteger("code"))
          .isEqualTo(110);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> node.get("/health/ready").statusCode() == 503);
      String cursor = client.cursor();
      client.close();

      redis = redis(port);
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> node.get("/health/ready").statusCode() == 200);
      try (WsClient again = WsClient.connect(node)) {
        again.subscribe("demo:outage", cursor);
        await().atMost(Duration.ofSeconds(10)).until(() -> publish(node, 4).statusCode() == 200);
        received.add(again.nextMessage().getInteger("data"));
        assertThat(received)
            .as("every acknowledged publication, once, in order")
            .containsExactly(1, 2, 3, 4);
        again.assertNothingMore(Duration.ofMillis(300));
      }
    } finally {
      redis.destroyForcibly();
    }
  }
}
