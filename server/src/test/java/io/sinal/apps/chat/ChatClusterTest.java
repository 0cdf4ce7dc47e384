package io.sinal.apps.chat;

import static io.sinal.apps.chat.ChatClient.join;
import static io.sinal.apps.chat.ChatClient.lease;
import static io.sinal.apps.chat.ChatClient.nextPresence;
import static io.sinal.apps.chat.ChatClient.online;
import static io.sinal.apps.chat.ChatClient.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.apps.chat.ChatClient.Session;
import io.sinal.testing.TestClock;
import io.sinal.testing.TestRedis;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on Redis without sticky sessions (one clock for both): a polling page's presence lease
 * is the cluster's, not a node's.
 */
class ChatClusterTest {
  @Test
  void aPollingClientsLeaseFromNodeAIsRenewedOnNodeBListedThereAndLeavesOnceAfterItsTtl()
      throws Exception {
    TestClock clock = new TestClock();
    try (TestRedis redis = new TestRedis()) {
      String[] args = {
        "--redis-url",
        TestRedis.URL,
        "--redis-prefix",
        redis.prefix,
        "--jwt-secret",
        "chat-cluster-jwt-secret-0123456789abcdef",
        "--presence-ttl",
        "3"
      };
      try (TestSinal a = TestSinal.startWithClock(clock, args);
          TestSinal b = TestSinal.startWithClock(clock, args)) {
        Session poller = session(a, "quinn");
        try (WsClient watcher = join(b, session(b, "vera"), "cluster")) {
          String client = granted(lease(a, poller, "cluster", null));
          assertThat(nextPresence(watcher, "join", poller.user()).getString("client"))
              .isEqualTo(client);
          assertThat(names(online(b, "cluster"))).containsExactly("quinn", "vera");

          // The balancer sends the next renewal to node B: the same lease, no leave and join again.
          clock.advance(RoomPresence.LEASE.minusSeconds(5));
          assertThat(granted(lease(b, poller, "cluster", client))).isEqualTo(client);
          clock.advance(RoomPresence.LEASE.minusSeconds(5));
          // Connections' entries are refreshed every second by the real clock, so vera may lag the
          // jump.
          await()
              .atMost(Duration.ofSeconds(5))
              .untilAsserted(
                  () ->
                      assertThat(names(online(a, "cluster")))
                          .as("renewed on B, so alive on A")
                          .containsExactly("quinn", "vera"));
          assertThat(lease(b, session(b, "mallory"), "cluster", client).statusCode())
              .as("not theirs")
              .isEqualTo(403);

          // Node A goes away; the lease it made still ends on time, with one leave from whoever
          // sweeps.
          a.stop();
          clock.advance(Duration.ofSeconds(6));
          await()
              .atMost(Duration.ofSeconds(5))
              .untilAsserted(
                  () ->
                      assertThat(names(online(b, "cluster")))
                          .as("past its TTL")
                          .containsExactly("vera"));
          assertThat(nextPresence(watcher, "leave", poller.user()).getString("client"))
              .isEqualTo(client);
          watcher.assertNothingMore(Duration.ofMillis(1500));
        }
      }
    }
  }

  private static String granted(HttpResponse<String> response) {
    assertThat(response.statusCode()).as("lease answer %s", response.body()).isEqualTo(200);
    return new JsonObject(response.body()).getString("client");
  }

  private static List<String> names(JsonObject online) {
    return online.getJsonArray("users").stream()
        .map(u -> ((JsonObject) u).getString("name"))
        .toList();
  }
}
