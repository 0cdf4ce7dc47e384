package io.sinal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.apps.uploads.TestImages;
import io.sinal.apps.uploads.UploadClient;
import io.sinal.testing.RawWebSocket;
import io.sinal.testing.ServerProcess;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The resource-exhaustion vectors of docs/security.md, one after the other, against one small node
 * (a process on {@code -Xmx256m}) while a well-behaved subscriber follows a channel and a monitor
 * asks {@code /health/live}: each vector is a few thousand requests at most, the whole run well
 * under a minute. What must hold is what an operator checks: the heap after a full GC ends within
 * 64 MB of the idle heap, the node answered throughout, and the subscriber got every message, in
 * order, once.
 */
class AbuseTest {
  private static final long HEAP_MARGIN = 64L * 1024 * 1024;
  private static final long HISTORY_BUDGET = 16L * 1024 * 1024;
  private static final Pattern HEAP_USED =
      Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)$");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everyExhaustionVectorLeavesTheHeapBoundedTheNodeLiveAndTheSubscriberServed()
      throws Exception {
    Path dataDir = Files.createTempDirectory("sinal-abuse");
    try (ServerProcess node =
            ServerProcess.start(
                ServerProcess.freePort(),
                dataDir,
                List.of("-Xmx256m"),
                "--namespace",
                "calm",
                "--namespace",
                "blob:ttl=3,publish=true",
                "--namespace",
                "busy:ttl=3",
                "--max-queued-bytes",
                "262144",
                "--request-head-timeout",
                "2",
                "--max-history-bytes",
                String.valueOf(HISTORY_BUDGET));
        WsClient subscriber = WsClient.connect(node)) {
      subscriber.subscribe("calm:good", null);
      long idleHeap = heapAfterGc(node);
      Liveness liveness = new Liveness(node);
      ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
      AtomicInteger published = new AtomicInteger();
      publisher.scheduleAtFixedRate(
          () -> {
            publish(node, "calm:good", "{\"n\":" + (published.get() + 1) + "}");
            published.incrementAndGet();
          },
          0,
          50,
          TimeUnit.MILLISECONDS);
      try {
        pingFloodFromAClientThatNeverReads(node);
        readsOfThousandsOfUnknownChannels(node);
        largePublicationsThatExpire(node);
        subscriptionsToThousandsOfFreshChannels(node);
        sseStreamsThatNeverRead(node);
        madeUpHttpMethods(node);
        chatPresenceLeasesFromOneUser(node);
        halfSentRequestLines(node);
        uploadsDeclaringHugeImages(node);
      } finally {
        publisher.shutdown();
        assertThat(publisher.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        liveness.stop();
      }

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                JsonObject connections = info(node).getJsonObject("connections");
                assertThat(connections.getLong("websocket"))
                    .as("only the subscriber is left")
                    .isEqualTo(1);
                assertThat(connections.getLong("sse")).isZero();
              });
      // The blobs and the busy stream live 3 s: once swept, their memory is the node's again.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> metric(node, "sinal_history_bytes") < 1024 * 1024);
      long heap = heapAfterGc(node);
      System.out.printf(
          "heap after GC: idle %.1f MB, after the vectors %.1f MB; %d messages published%n",
          idleHeap / 1048576.0, heap / 1048576.0, published.get());
      assertThat(heap - idleHeap)
          .as("heap after GC %d MB, idle %d MB", heap >> 20, idleHeap >> 20)
          .isLessThan(HEAP_MARGIN);
      assertThat(liveness.failures).as("/health/live answered within 2 s throughout").isEmpty();
      for (int n = 1; n <= published.get(); n++) {
        JsonObject message = subscriber.nextMessage();
        assertThat(message.getLong("offset")).isEqualTo(n);
        assertThat(message.getJsonObject("data").getInteger("n")).isEqualTo(n);
      }
    }
  }

  /** 20 MB of pings on a socket whose receive buffer is 4 KB and is never read. */
  private static void pingFloodFromAClientThatNeverReads(ServerProcess node) {
    byte[] ping = RawWebSocket.frame(RawWebSocket.PING, new byte[125]);
    try (RawWebSocket flood = RawWebSocket.open(node, 4096)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      for (long sent = 0; sent < 20_000_000 && System.nanoTime() < deadline; sent += ping.length) {
        if (!flood.write(ping)) {
          break; // dropped as a slow consumer
        }
      }
    }
  }

  /** 400 polls naming 128 channels nobody ever published to. */
  private static void readsOfThousandsOfUnknownChannels(ServerProcess node) {
    for (int i = 0; i < 400; i++) {
      int request = i;
      String channels =
          IntStream.range(0, 128)
              .mapToObj(c -> "channel=demo:read-" + request + "-" + c)
              .collect(Collectors.joining("&"));
      assertThat(node.get("/poll?wait=0&" + channels).statusCode()).isEqualTo(200);
    }
  }

  /**
   * 1,600 anonymous publications of 60 KB (96 MB) from 40 connections, each to a channel of its
   * own: the history budget (16 MiB here) holds whatever the TTL (3 s) has not freed yet.
   */
  private static void largePublicationsThatExpire(ServerProcess node) {
    String blob = "x".repeat(60_000);
    List<WsClient> publishers = new ArrayList<>();
    try {
      for (int c = 0; c < 40; c++) {
        publishers.add(WsClient.connect(node));
      }
      for (int i = 0; i < 1600; i++) {
        JsonObject reply =
            publishers
                .get(i % publishers.size())
                .call("publish", "channel", "blob:b" + i, "data", blob);
        assertThat(reply.containsKey("result")).as(reply.encode()).isTrue();
      }
      assertThat(metric(node, "sinal_history_bytes"))
          .as("history within its budget")
          .isLessThanOrEqualTo(HISTORY_BUDGET);
    } finally {
      publishers.forEach(WsClient::close);
    }
  }

  /** 200 anonymous connections subscribing to 128 channels each that nobody else follows. */
  private static void subscriptionsToThousandsOfFreshChannels(ServerProcess node) {
    List<WsClient> clients = new ArrayList<>();
    try {
      for (int c = 0; c < 200; c++) {
        WsClient client = WsClient.connect(node);
        clients.add(client);
        for (int i = 1; i < 128; i++) {
          client.sendRaw(
              new JsonObject()
                  .put("id", 1000 + i)
                  .put("cmd", "subscribe")
                  .put("channel", "demo:fresh-" + c + "-" + i)
                  .encode());
        }
        client.subscribe("demo:fresh-" + c + "-0", null);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> info(node).getLong("subscriptions") >= 200 * 128);
    } finally {
      clients.forEach(WsClient::close);
    }
  }

  /** 20 event streams that never read while a busy channel fills their queues. */
  private static void sseStreamsThatNeverRead(ServerProcess node) throws IOException {
    List<Socket> streams = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", node.port()), 5000);
        socket
            .getOutputStream()
            .write(
                ("GET /sse?channel=busy:stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        streams.add(socket);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> info(node).getJsonObject("connections").getLong("sse") == 20);
      String payload = "\"" + "y".repeat(60_000) + "\"";
      for (int i = 0; i < 60 && info(node).getJsonObject("connections").getLong("sse") > 0; i++) {
        publish(node, "busy:stream", payload);
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> info(node).getJsonObject("connections").getLong("sse") == 0);
    } finally {
      for (Socket socket : streams) {
        socket.close();
      }
    }
  }

  /** 2,000 requests whose methods and paths are made up, each a would-be metric series. */
  private static void madeUpHttpMethods(ServerProcess node) throws Exception {
    for (int i = 0; i < 2000; i++) {
      HTTP.send(
          HttpRequest.newBuilder(node.uri("/made-up-" + i))
              .method("VERB" + i, HttpRequest.BodyPublishers.noBody())
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.discarding());
    }
  }

  /** One chat user asking for 2,000 presence leases. */
  private static void chatPresenceLeasesFromOneUser(ServerProcess node) {
    HttpResponse<String> session =
        node.request("POST", "/chat/session", new JsonObject().put("name", "flood").encode(), null);
    assertThat(session.statusCode()).as(session.body()).isEqualTo(201);
    String bearer = "Bearer " + new JsonObject(session.body()).getString("token");
    int refused = 0;
    for (int i = 0; i < 2000; i++) {
      if (node.request("POST", "/chat/rooms/r" + i % 40 + "/presence", null, bearer).statusCode()
          == 429) {
        refused++;
      }
    }
    assertThat(refused).as("leases past the user's bound are refused").isGreaterThan(1900);
  }

  /** 200 connections that send half a request line and wait. */
  private static void halfSentRequestLines(ServerProcess node) throws IOException {
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 200; i++) {
        Socket socket = new Socket("127.0.0.1", node.port());
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write("GET /poll?chan".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        sockets.add(socket);
      }
      for (Socket socket : sockets) {
        InputStream in = socket.getInputStream();
        // the 408 answer, then the end: the head timeout (2 s here) cut it
        while (in.read() >= 0) {
          // drain
        }
      }
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  /** A batch of 20 small PNGs each declaring 39.7 megapixels. */
  private static void uploadsDeclaringHugeImages(ServerProcess node) {
    byte[] bomb = TestImages.pixelBombPng(6300, 6300);
    HttpResponse<String> answer =
        new UploadClient(node)
            .upload(Collections.nCopies(20, new UploadClient.Part("big.png", "image/png", bomb)));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
  }

  private static void publish(ServerProcess node, String channel, String dataJson) {
    String body = "{\"channel\":\"" + channel + "\",\"data\":" + dataJson + "}";
    HttpResponse<String> answer =
        node.request("POST", "/api/publish", body, "Bearer " + node.apiKey());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }

  private static JsonObject info(ServerProcess node) {
    return new JsonObject(node.request("GET", "/api/info", null, "Bearer " + node.apiKey()).body());
  }

  private static double metric(ServerProcess node, String name) {
    String metrics = node.request("GET", "/metrics", null, "Bearer " + node.apiKey()).body();
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.E+]+)$").matcher(metrics);
    assertThat(m.find()).as(name + " in /metrics").isTrue();
    return Double.parseDouble(m.group(2));
  }

  /**
   * Heap in use right after a full GC, asked of the server's JVM with jcmd and read off its
   * metrics.
   */
  private static long heapAfterGc(ServerProcess node) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process gc =
        new ProcessBuilder(jcmd.toString(), Long.toString(node.pid()), "GC.run")
            .redirectErrorStream(true)
            .start();
    gc.getInputStream().readAllBytes();
    assertThat(gc.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String metrics = node.request("GET", "/metrics", null, "Bearer " + node.apiKey()).body();
    Matcher m = HEAP_USED.matcher(metrics);
    double used = 0;
    while (m.find()) {
      used += Double.parseDouble(m.group(1));
    }
    assertThat(used).as("heap pools in /metrics").isPositive();
    return (long) used;
  }

  /**
   * Asks {@code /health/live} every 250 ms with a 2 s timeout; remembers what did not answer 200 in
   * time.
   */
  private static final class Liveness {
    final List<String> failures = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    Liveness(ServerProcess node) {
      URI live = node.uri("/health/live");
      timer.scheduleWithFixedDelay(
          () -> {
            try {
              int status =
                  HTTP.send(
                          HttpRequest.newBuilder(live).timeout(Duration.ofSeconds(2)).build(),
                          HttpResponse.BodyHandlers.discarding())
                      .statusCode();
              if (status != 200) {
                failures.add("status " + status);
              }
            } catch (IOException e) {
              failures.add(e.toString());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          },
          0,
          250,
          TimeUnit.MILLISECONDS);
    }

    void stop() throws InterruptedException {
      timer.shutdown();
      timer.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
