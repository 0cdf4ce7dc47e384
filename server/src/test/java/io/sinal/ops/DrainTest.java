package io.sinal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.Endpoint;
import io.sinal.testing.PollClient;
import io.sinal.testing.ServerProcess;
import io.sinal.testing.SseClient;
import io.sinal.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real server process while WebSocket, SSE and long-poll clients follow a channel and
 * publications keep flowing: every client is told, and after a restart on the same data each one
 * resumes from its cursor with every acknowledged publication exactly once, in order.
 */
class DrainTest {
  private static final String CHANNEL = "demo:drain";
  private static final int TOTAL = 40;

  @TempDir Path dataDir;

  /**
   * Publishes 1..TOTAL, each retried until the server acknowledges it (the server may be
   * restarting).
   */
  private static Thread publisher(Endpoint[] server, AtomicInteger acknowledged) {
    Thread thread =
        new Thread(
            () -> {
              for (int i = 1; i <= TOTAL; ) {
                try {
                  int status =
                      server[0]
                          .request(
                              "POST",
                              "/api/publish",
                              "{\"channel\":\"" + CHANNEL + "\",\"data\":" + i + "}",
                              "Bearer " + ServerProcess.API_KEY)
                          .statusCode();
                  if (status == 200) {
                    acknowledged.set(i++);
                  }
                } catch (UncheckedIOException e) {
                  // away: retry the same number
                }
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "publisher");
    thread.setDaemon(true);
    return thread;
  }

  private static List<Integer> drainData(
      io.sinal.testing.Recording client, List<Integer> into, int until) {
    while (into.isEmpty() || into.get(into.size() - 1) < until) {
      JsonObject item = client.next();
      if (item.getString("push") == null) {
        into.add(item.getInteger("data"));
      }
    }
    return into;
  }

  @Test
  void sigtermTellsEveryClientAndARestartResumesThemWithNoGap() throws Exception {
    int port = ServerProcess.freePort();
    Files.createDirectories(dataDir);
    Endpoint[] server = {ServerProcess.start(port, dataDir, "--drain-jitter", "1")};
    WsClient ws = WsClient.connect(server[0]);
    ws.subscribe(CHANNEL, null);
    SseClient sse = SseClient.open(server[0], "channel=" + CHANNEL, null);
    sse.nextPush("connected");
    PollClient poll = PollClient.start(server[0], "channel=" + CHANNEL, null, 25);
    AtomicInteger acknowledged = new AtomicInteger();
    Thread publisher = publisher(server, acknowledged);
    publisher.start();

    List<Integer> wsData = new ArrayList<>();
    List<Integer> sseData = new ArrayList<>();
    drainData(ws, wsData, 10);
    ((ServerProcess) server[0]).terminate();

    // Every lasting client is told why, with advice to come back after a jittered delay.
    JsonObject wsBye = null;
    while (wsBye == null) {
      JsonObject item = ws.next();
      if ("disconnect".equals(item.getString("push"))) {
        wsBye = item;
      } else if (item.getString("push") == null) {
        wsData.add(item.getInteger("data"));
      }
    }
    assertThat(wsBye.getInteger("code")).isEqualTo(3000);
    assertThat(wsBye.getBoolean("reconnect")).isTrue();
    assertThat(wsBye.getLong("delay")).isBetween(0L, 1000L);
    JsonObject sseBye = null;
    while (sseBye == null) {
      JsonObject item = sse.next();
      if ("disconnect".equals(item.getString("push"))) {
        sseBye = item;
      } else if (item.getString("push") == null) {
        sseData.add(item.getInteger("data"));
      }
    }
    assertThat(sseBye.getInteger("code")).isEqualTo(3000);
    assertThat(((ServerProcess) server[0]).awaitExit(Duration.ofSeconds(20)))
        .as("exit code after SIGTERM")
        .isIn(0, 143);
    assertThat(Files.readString(dataDir.resolve("server-" + port + ".log")))
        .as("the last line of a stop survives java.util.logging's own shutdown")
        .contains("INFO io.sinal.Sinal: stopped");
    String wsCursor = ws.cursor();
    String sseCursor = sse.cursor();
    ws.close();
    sse.close();

    server[0] = ServerProcess.start(port, dataDir);
    try {
      WsClient ws2 = WsClient.connect(server[0]);
      ws2.subscribe(CHANNEL, wsCursor);
      SseClient sse2 = SseClient.open(server[0], "channel=" + CHANNEL, sseCursor);
      publisher.join(Duration.ofSeconds(30).toMillis());
      assertThat(acknowledged.get()).isEqualTo(TOTAL);

      List<Integer> expected = new ArrayList<>();
      for (int i = 1; i <= TOTAL; i++) {
        expected.add(i);
      }
      int before = wsData.isEmpty() ? 0 : wsData.get(wsData.size() - 1);
      assertThat(drainData(ws2, wsData, TOTAL))
          .as("websocket, %d before the restart", before)
          .isEqualTo(expected);
      assertThat(drainData(sse2, sseData, TOTAL)).as("sse").isEqualTo(expected);
      List<Integer> pollData = new ArrayList<>();
      assertThat(drainData(poll, pollData, TOTAL)).as("long poll").isEqualTo(expected);
      ws2.assertNothingMore(Duration.ofMillis(200));
      ws2.close();
      sse2.close();
      poll.close();
    } finally {
      ((ServerProcess) server[0]).close();
    }
  }
}
