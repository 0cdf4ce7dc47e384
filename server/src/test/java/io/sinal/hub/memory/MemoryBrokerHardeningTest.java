package io.sinal.hub.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.hub.Cursor;
import io.sinal.hub.HistoryUsage;
import io.sinal.testing.TestClock;
import io.sinal.testing.TestSinal;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, items 2 and 3: what anonymous clients make the in-memory broker hold. Reads store
 * nothing, expired history is freed without being read, idle channels are bounded, and none of it
 * costs a poller a spurious reset, a gap or a duplicate.
 */
class MemoryBrokerHardeningTest {
  private static final long MB = 1024 * 1024;

  @Test
  void readsOfUnknownChannelsLeaveNoState() throws IOException {
    try (TestSinal sinal = TestSinal.start("--namespace", "n");
        WsClient watcher = WsClient.connect(sinal)) {
      watcher.subscribe("n:watched", null);
      long heapBefore = usedHeapAfterGc();
      // 200,000 channels nobody ever published on, read as the attack did: polls of 128 at a time.
      for (int request = 0; request < 1563; request++) {
        StringBuilder query = new StringBuilder("/poll?wait=0");
        for (int i = 0; i < 128; i++) {
          query.append("&channel=n:r").append(request).append('-').append(i);
        }
        assertThat(sinal.get(query.toString()).statusCode()).isEqualTo(200);
      }
      // The other reads a client can make: history, and a subscription that ends.
      try (WsClient reader = WsClient.connect(sinal)) {
        for (int i = 0; i < 500; i++) {
          assertThat(reader.call("history", "channel", "n:h" + i).containsKey("result")).isTrue();
          reader.subscribe("n:s" + i, null);
          reader.call("unsubscribe", "channel", "n:s" + i);
        }
      }

      assertThat(usage(sinal)).isEqualTo(new HistoryUsage(0, 0, 0));
      // Before the fix each read left a stream behind: about 60 MB for these 200,000.
      assertThat(usedHeapAfterGc() - heapBefore).as("heap grown by the reads").isLessThan(16 * MB);
      sinal.publish("n:watched", "1");
      assertThat(watcher.nextMessage().getLong("offset")).isEqualTo(1);

      sinal.stop();
      assertThat(Files.size(sinal.dataDir().resolve("history.snapshot")))
          .as("snapshot bytes")
          .isLessThan(1024);
    }
  }

  @Test
  void expiredHistoryIsFreedWithoutAnyRead() {
    TestClock clock = new TestClock();
    try (TestSinal sinal =
            TestSinal.startWithClock(clock, "--namespace", "blob:ttl=5", "--namespace", "live");
        WsClient watcher = WsClient.connect(sinal)) {
      watcher.subscribe("live:watched", null);
      long heapBefore = usedHeapAfterGc();
      String blob = "\"" + "x".repeat(64_000) + "\"";
      for (int i = 0; i < 300; i++) {
        sinal.publish("blob:b" + i, blob);
      }
      assertThat(usage(sinal).channels()).isEqualTo(300);
      assertThat(usage(sinal).bytes()).isGreaterThan(300 * 64_000L);
      assertThat(usedHeapAfterGc() - heapBefore)
          .as("heap held by the blobs")
          .isGreaterThan(15 * MB);
      assertThat(sinal.api("GET", "/metrics", null).body())
          .contains("sinal_history_channels 300.0")
          .contains("sinal_history_bytes")
          .contains("sinal_idle_channels 0.0");

      clock.advance(Duration.ofSeconds(6));
      // Nobody reads blob:* again: the sweep alone frees them, each left as an idle position.
      await().atMost(Duration.ofSeconds(10)).until(() -> usage(sinal).bytes() == 0);
      assertThat(usage(sinal)).isEqualTo(new HistoryUsage(0, 0, 300));
      assertThat(usedHeapAfterGc() - heapBefore).as("heap left after expiry").isLessThan(8 * MB);
      sinal.publish("live:watched", "\"still served\"");
      assertThat(watcher.nextMessage().getString("data")).isEqualTo("still served");
    }
  }

  @Test
  void quietChannelKeepsItsPositionForPollers() {
    TestClock clock = new TestClock();
    try (TestSinal sinal = TestSinal.startWithClock(clock, "--namespace", "blob:ttl=5")) {
      // A channel that published, then went quiet until its history expired.
      for (int i = 1; i <= 3; i++) {
        sinal.publish("blob:quiet", String.valueOf(i));
      }
      String cursor = poll(sinal, null, "blob:quiet").getString("cursor");
      assertThat(cursor).endsWith("~3");
      clock.advance(Duration.ofSeconds(6));
      await().atMost(Duration.ofSeconds(10)).until(() -> usage(sinal).channels() == 0);

      JsonObject quiet = poll(sinal, cursor, "blob:quiet");
      assertThat(quiet.getJsonArray("resets")).isEmpty();
      assertThat(quiet.getJsonArray("messages")).isEmpty();
      assertThat(quiet.getString("cursor")).isEqualTo(cursor);
      sinal.publish("blob:quiet", "4");
      JsonObject next = poll(sinal, cursor, "blob:quiet");
      assertThat(next.getJsonArray("resets")).isEmpty();
      assertThat(next.getJsonArray("messages"))
          .extracting(m -> ((JsonObject) m).getLong("offset"))
          .containsExactly(4L);

      // A channel never published on: the same position on every read, stored nowhere, then
      // continued.
      String fresh = poll(sinal, null, "blob:fresh").getString("cursor");
      assertThat(fresh).endsWith("~0");
      JsonObject again = poll(sinal, fresh, "blob:fresh");
      assertThat(again.getJsonArray("resets")).isEmpty();
      assertThat(again.getString("cursor")).isEqualTo(fresh);
      assertThat(usage(sinal).channels() + usage(sinal).idleChannels())
          .as("channels held")
          .isEqualTo(1); // blob:quiet
      sinal.publish("blob:fresh", "\"first\"");
      JsonObject first = poll(sinal, fresh, "blob:fresh");
      assertThat(first.getJsonArray("resets")).isEmpty();
      assertThat(first.getJsonArray("messages"))
          .extracting(m -> ((JsonObject) m).getString("data"))
          .containsExactly("first");
      assertThat(first.getString("cursor")).isEqualTo(fresh.replaceAll("~0$", "~1"));
    }
  }

  @Test
  void snapshotKeepsOnlyLiveHistory() throws IOException {
    TestClock clock = new TestClock();
    Path dir = Files.createTempDirectory("sinal-snapshot");
    String[] args = {
      "--namespace", "blob:ttl=5", "--namespace", "keep:ttl=600", "--namespace", "n"
    };
    try {
      String cursor;
      try (TestSinal first = TestSinal.startInWithClock(dir, clock, args)) {
        first.publish("keep:a", "1");
        for (int i = 0; i < 100; i++) {
          first.publish("blob:b" + i, "\"" + "x".repeat(1000) + "\"");
        }
        for (int i = 0; i < 1000; i++) {
          poll(first, null, "n:unknown" + i);
        }
        cursor = poll(first, null, "keep:a", "blob:b0", "n:quiet").getString("cursor");
        first.publish("keep:a", "2");
        first.publish("keep:a", "3");
        clock.advance(Duration.ofSeconds(6));
        await().atMost(Duration.ofSeconds(10)).until(() -> usage(first).channels() == 1);
        first.stop();

        List<JsonObject> lines =
            Files.readAllLines(dir.resolve("history.snapshot")).stream()
                .map(JsonObject::new)
                .toList();
        assertThat(lines).hasSize(1 + 1 + 100); // the empty epochs, keep:a, and 100 idle positions
        assertThat(lines)
            .filteredOn(l -> l.containsKey("history"))
            .singleElement()
            .satisfies(l -> assertThat(l.getJsonArray("history")).hasSize(3));
        assertThat(lines).noneMatch(l -> l.getString("channel", "").startsWith("n:"));
        assertThat(Files.size(dir.resolve("history.snapshot")))
            .as("snapshot bytes")
            .isLessThan(16 * 1024);
      }
      // After a clean restart each position of the cursor still holds: no reset, keep:a resumes.
      try (TestSinal second = TestSinal.startInWithClock(dir, clock, args)) {
        JsonObject resumed = poll(second, cursor, "keep:a", "blob:b0", "n:quiet");
        assertThat(resumed.getJsonArray("resets")).isEmpty();
        assertThat(resumed.getJsonArray("messages"))
            .extracting(m -> ((JsonObject) m).getLong("offset"))
            .containsExactly(2L, 3L);
        Map<String, String> before = entries(cursor);
        Map<String, String> after = entries(resumed.getString("cursor"));
        assertThat(after.get("keep:a")).isEqualTo(before.get("keep:a").replaceAll("~1$", "~3"));
        assertThat(after.get("blob:b0")).isEqualTo(before.get("blob:b0")).endsWith("~1");
        assertThat(after.get("n:quiet")).isEqualTo(before.get("n:quiet")).endsWith("~0");
      }
    } finally {
      delete(dir);
    }
  }

  @Test
  void forgottenIdleChannelStartsANewEpochInsteadOfReusingOffsets() {
    TestClock clock = new TestClock();
    try (TestSinal sinal =
            TestSinal.startWithClock(clock, "--max-idle-channels", "10", "--namespace", "q:ttl=5");
        WsClient watcher = WsClient.connect(sinal)) {
      watcher.subscribe("q:watched", null);
      sinal.publish("q:c0", "\"before\"");
      String cursor = poll(sinal, null, "q:c0").getString("cursor");
      for (int i = 0; i < 200; i++) {
        sinal.publish("q:o" + i, "1");
      }
      clock.advance(Duration.ofSeconds(6));
      // 201 channels go idle; all but 10 are forgotten, q:c0 first (it went idle first).
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> usage(sinal).idleChannels() <= 10 && usage(sinal).channels() == 0);

      // q:c0 starts again from nothing: offsets 1 and 2 name new messages, under a new epoch.
      sinal.publish("q:c0", "\"new 1\"");
      sinal.publish("q:c0", "\"new 2\"");
      JsonObject answer = poll(sinal, cursor, "q:c0");
      assertThat(answer.getJsonArray("resets"))
          .singleElement()
          .satisfies(
              r -> assertThat(((JsonObject) r).getString("reason")).isEqualTo("epoch_changed"));
      assertThat(answer.getJsonArray("messages")).isEmpty();
      assertThat(answer.getString("cursor")).doesNotContain(cursor.split("~")[1]).endsWith("~2");
      sinal.publish("q:watched", "\"still served\"");
      assertThat(watcher.nextMessage().getString("data")).isEqualTo("still served");
    }
  }

  @Test
  void snapshotOfAnEarlierVersionIsRestoredWithinTheBound() throws IOException {
    Path dir = Files.createTempDirectory("sinal-old-snapshot");
    try {
      // The format before idle channels were bounded: one line per channel ever read, history or
      // not.
      StringBuilder old = new StringBuilder();
      for (int i = 0; i < 50; i++) {
        old.append(
                new JsonObject()
                    .put("channel", "demo:read" + i)
                    .put("epoch", "oldepoch")
                    .put("offset", 0)
                    .put("history", new JsonArray())
                    .encode())
            .append('\n');
      }
      Files.writeString(dir.resolve("history.snapshot"), old);
      try (TestSinal sinal = TestSinal.startIn(dir, "--max-idle-channels", "10")) {
        assertThat(usage(sinal).idleChannels()).isEqualTo(10);
        assertThat(usage(sinal).channels()).isZero();
      }
    } finally {
      delete(dir);
    }
  }

  private static HistoryUsage usage(TestSinal sinal) {
    return sinal.sinal().hub().historyUsage();
  }

  /** One plain poll ({@code wait=0}) of {@code channels} from {@code cursor} (null: none). */
  private static JsonObject poll(TestSinal sinal, String cursor, String... channels) {
    String query =
        "/poll?wait=0&channel="
            + String.join("&channel=", channels)
            + (cursor == null
                ? ""
                : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    HttpResponse<String> response = sinal.get(query);
    assertThat(response.statusCode()).as("poll answer %s", response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  /** A cursor as channel → "epoch~offset". */
  private static Map<String, String> entries(String cursor) {
    Map<String, String> entries = new LinkedHashMap<>();
    Cursor.parse(cursor)
        .forEach((channel, p) -> entries.put(channel, p.epoch() + "~" + p.offset()));
    return entries;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static long usedHeapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
