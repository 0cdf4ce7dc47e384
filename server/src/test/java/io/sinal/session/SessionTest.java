package io.sinal.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sinal.hub.Access;
import io.sinal.hub.ChannelName;
import io.sinal.hub.ClientInfo;
import io.sinal.hub.Disconnect;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.FanOut;
import io.sinal.hub.Hub;
import io.sinal.hub.Identity;
import io.sinal.hub.NamespaceOptions;
import io.sinal.hub.Outbound;
import io.sinal.hub.Publication;
import io.sinal.hub.SinalException;
import io.sinal.hub.memory.MemoryBroker;
import io.sinal.hub.memory.MemoryPresence;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session core without sockets: the real hub, broker and loop hub, and sinks that record what
 * they are given or never take a write. What a transport would write for each item is what these
 * check.
 */
class SessionTest {
  private final Vertx vertx = Vertx.vertx();
  private final FanOut fanOut = new FanOut();
  private final Hub hub =
      new Hub(
          new MemoryBroker(Clock.systemUTC()),
          new MemoryPresence(Clock.systemUTC()),
          fanOut,
          Clock.systemUTC(),
          "test",
          65536);
  private final Connections connections = new Connections(fanOut);
  private final RecordingSink sink = new RecordingSink();
  private Context context;
  private LoopHub loop;

  @BeforeEach
  void startLoop() throws Exception {
    hub.namespace("t", NamespaceOptions.DEFAULT);
    hub.namespace("private", NamespaceOptions.DEFAULT.withAccess(Access.PRIVATE));
    hub.namespace("room", NamespaceOptions.DEFAULT.withPresence(true));
    context = vertx.getOrCreateContext();
    onLoop(() -> loop = new LoopHub(hub, fanOut, context, new SessionLimits(8, 4096), connections));
  }

  @AfterEach
  void close() {
    vertx.close();
  }

  /**
   * Runs {@code body} on the loop, then waits until what it queued there (deliveries, the flush)
   * has run.
   */
  private <T> T onLoop(Supplier<T> body) throws Exception {
    CompletableFuture<T> done = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          T result = body.get();
          context.runOnContext(w -> context.runOnContext(x -> done.complete(result)));
        });
    return done.get(5, TimeUnit.SECONDS);
  }

  private void onLoop(Runnable body) throws Exception {
    onLoop(
        () -> {
          body.run();
          return null;
        });
  }

  private Session open(Sink sink, SessionKind kind) throws Exception {
    return onLoop(() -> loop.open(sink, kind, Identity.ANONYMOUS));
  }

  /** A WebSocket session on {@code sink}, subscribed to {@code channel} from where it is now. */
  private Session subscribed(Sink sink, String channel) throws Exception {
    Session session = open(sink, SessionKind.WEBSOCKET);
    onLoop(() -> session.subscribe(1, channel, null));
    return session;
  }

  private Publication publish(String channel, Object data) throws Exception {
    return hub.publish(channel, "message", data)
        .toCompletionStage()
        .toCompletableFuture()
        .get(5, TimeUnit.SECONDS);
  }

  private static <T> T result(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void publicationsQueuedInOneLoopTurnGoOutInOneWrite() throws Exception {
    Session session = open(sink, SessionKind.WEBSOCKET);
    onLoop(
        () -> {
          session.subscribe(1, "t:a", null);
          hub.publish("t:a", "message", 1);
          hub.publish("t:a", "message", 2);
          hub.publish("t:a", "message", 3);
        });
    // The reply's flush was queued before the deliveries; the three deliveries share the next one.
    assertThat(sink.writes).hasSize(2);
    assertThat(json(sink.writes.get(0).get(0)).getLong("id")).isEqualTo(1);
    assertThat(sink.writes.get(1))
        .extracting(o -> ((Publication) o).offset())
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void aWebSocketSinkGetsTheVeryPublicationEverySubscriberGetsWithNoCursor() throws Exception {
    RecordingSink other = new RecordingSink();
    subscribed(sink, "t:shared");
    subscribed(other, "t:shared");
    Publication published = publish("t:shared", "x");
    onLoop(() -> {});
    assertThat(sink.writes.get(1)).containsExactly(published);
    assertThat(other.writes.get(1).get(0)).isSameAs(published);
  }

  @Test
  void aSinkThatDoesNotTakeMoreGetsNothingUntilItDrains() throws Exception {
    sink.writable = false;
    Session session = subscribed(sink, "t:b");
    publish("t:b", 1);
    onLoop(() -> {});
    assertThat(sink.writes).isEmpty();
    sink.writable = true;
    onLoop(session::drained);
    assertThat(sink.writes).hasSize(1);
    assertThat(sink.writes.get(0)).hasSize(2);
    assertThat(((Publication) sink.writes.get(0).get(1)).offset()).isEqualTo(1);
  }

  @Test
  void theSubscribeReplyNamesWhereItStartsAndComesBeforeWhatIsRecovered() throws Exception {
    Publication first = publish("t:r", 1);
    publish("t:r", 2);
    publish("t:r", 3);
    Session session = open(sink, SessionKind.WEBSOCKET);
    onLoop(() -> session.subscribe(7, "t:r", "t:r~" + first.epoch() + "~1,t:elsewhere~e~4"));
    List<Outbound> write = sink.writes.get(0);
    assertThat(json(write.get(0)))
        .isEqualTo(
            new JsonObject()
                .put("id", 7)
                .put(
                    "result",
                    new JsonObject()
                        .put("channel", "t:r")
                        .put("epoch", first.epoch())
                        .put("offset", 1)));
    assertThat(write.subList(1, write.size()))
        .extracting(o -> ((Publication) o).offset())
        .containsExactly(2L, 3L);
  }

  @Test
  void aStreamOpensWithConnectedNamingEveryPositionThenEachItemCarriesTheCursorAfterIt()
      throws Exception {
    Publication a1 = publish("t:a", 1);
    publish("t:a", 2);
    Session stream = open(sink, SessionKind.SSE);
    onLoop(
        () ->
            stream.subscribeAll(
                List.of("t:a", "t:b", "t:a"), "t:a~" + a1.epoch() + "~1,t:carried~zz~5", 25_000));
    List<Outbound> opening = sink.writes.get(0);
    assertThat(opening)
        .hasSize(2)
        .allSatisfy(item -> assertThat(item).isInstanceOf(Positioned.class));
    JsonObject connected = json(opening.get(0));
    assertThat(connected.getString("push")).isEqualTo("connected");
    assertThat(connected.getString("client")).isEqualTo(stream.id());
    assertThat(connected.getLong("heartbeat")).isEqualTo(25_000);
    String b = connected.getJsonArray("channels").getJsonObject(2).getString("epoch");
    assertThat(connected.getJsonArray("channels"))
        .containsExactly(
            position("t:a", a1.epoch(), 1), position("t:carried", "zz", 5), position("t:b", b, 0));
    String a = "t:a~" + a1.epoch();
    assertThat(cursor(opening.get(0))).isEqualTo(a + "~1,t:carried~zz~5,t:b~" + b + "~0");
    assertThat(((Positioned) opening.get(1)).item()).isInstanceOf(Publication.class);
    assertThat(cursor(opening.get(1))).isEqualTo(a + "~2,t:carried~zz~5,t:b~" + b + "~0");

    publish("t:b", 1);
    onLoop(() -> {});
    assertThat(cursor(sink.writes.get(1).get(0)))
        .isEqualTo(a + "~2,t:carried~zz~5,t:b~" + b + "~1");
  }

  @Test
  void aResetCarriesTheCursorTheStreamGoesOnFrom() throws Exception {
    Publication c1 = publish("t:c", 1);
    Session stream = open(sink, SessionKind.SSE);
    onLoop(() -> stream.subscribeAll(List.of("t:c"), "t:c~lost~9", 25_000));
    List<Outbound> opening = sink.writes.get(0);
    assertThat(opening).extracting(Outbound::event).containsExactly("connected", "reset");
    String now = "t:c~" + c1.epoch() + "~1";
    assertThat(cursor(opening.get(0))).isEqualTo(now);
    assertThat(cursor(opening.get(1))).isEqualTo(now);
    assertThat(json(opening.get(1)).getString("reason")).isEqualTo("epoch_changed");
  }

  @Test
  void aTransportAskingOnlyTheLastCursorGetsWhatOneAskingEachGets() throws Exception {
    Publication first = publish("t:d", 1);
    for (int i = 2; i <= 5; i++) {
      publish("t:d", i);
    }
    RecordingSink last = new RecordingSink();
    Session each = open(sink, SessionKind.POLL);
    Session onlyLast = open(last, SessionKind.POLL);
    String from = "t:d~" + first.epoch() + "~1";
    onLoop(
        () -> {
          each.subscribeAll(List.of("t:d"), from, 0);
          onlyLast.subscribeAll(List.of("t:d"), from, 0);
        });
    List<Outbound> all = sink.writes.get(0);
    List<String> cursors = new ArrayList<>();
    all.forEach(item -> cursors.add(cursor(item)));
    assertThat(cursors).endsWith("t:d~" + first.epoch() + "~5");
    List<Outbound> lastWrite = last.writes.get(0);
    assertThat(cursor(lastWrite.get(lastWrite.size() - 1)))
        .isEqualTo(cursors.get(cursors.size() - 1));
    assertThat(onlyLast.cursor()).isEqualTo(cursors.get(cursors.size() - 1));
    assertThatThrownBy(() -> cursor(lastWrite.get(1))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRefusedStreamLeavesNoSubscriptionAndSaysNothingToTheSink() throws Exception {
    Session stream = open(sink, SessionKind.SSE);
    Future<Void> opened =
        onLoop(() -> stream.subscribeAll(List.of("t:ok", "private:secret"), null, 25_000));
    assertThat(opened.failed()).isTrue();
    assertThat(((SinalException) opened.cause()).code()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(stream.isClosed()).isTrue();
    assertThat(sink.writes).isEmpty();
    assertThat(sink.closedWith).isNull();
    assertThat(connections.subscriptions()).isZero();
    assertThat(connections.sse()).isZero();
    assertThat(fanOut.activeChannels()).isZero();
  }

  @Test
  void aPollTakesNoPartInPresenceAndAStreamDoes() throws Exception {
    Session poll = open(new RecordingSink(), SessionKind.POLL);
    onLoop(() -> poll.subscribeAll(List.of("room:1"), null, 0));
    assertThat(result(hub.presence(ChannelName.of("room:1")))).isEmpty();
    Session stream = open(sink, SessionKind.SSE);
    onLoop(() -> stream.subscribeAll(List.of("room:1"), null, 25_000));
    assertThat(result(hub.presence(ChannelName.of("room:1"))))
        .extracting(ClientInfo::client)
        .containsExactly(stream.id());
  }

  @Test
  void aSinkThatNeverTakesAWriteIsDroppedAsASlowConsumerWhileOthersGetEverything()
      throws Exception {
    FailingSink stalled = new FailingSink();
    Session slow = subscribed(stalled, "t:big");
    subscribed(sink, "t:big");
    String kilobyte = "x".repeat(1024);
    for (int i = 0; i < 5; i++) {
      publish("t:big", kilobyte);
    }
    onLoop(() -> {});
    assertThat(stalled.closedWith).isEqualTo(Disconnect.SLOW_CONSUMER);
    assertThat(slow.isClosed()).isTrue();
    assertThat(connections.slowConsumers()).isEqualTo(1);
    assertThat(sink.writes.stream().flatMap(List::stream).filter(o -> o instanceof Publication))
        .hasSize(5);
  }

  private static JsonObject json(Outbound item) {
    return new JsonObject(new String(item.bytes(), StandardCharsets.UTF_8));
  }

  private static JsonObject position(String channel, String epoch, long offset) {
    return new JsonObject().put("channel", channel).put("epoch", epoch).put("offset", offset);
  }

  private static String cursor(Outbound item) {
    return ((Positioned) item).cursor();
  }

  /** A sink that records each write, and can be told to stop taking them. */
  static class RecordingSink implements Sink {
    final List<List<Outbound>> writes = new ArrayList<>();
    volatile boolean writable = true;
    Disconnect closedWith;

    @Override
    public boolean writable() {
      return writable;
    }

    @Override
    public void write(List<Outbound> batch) {
      writes.add(List.copyOf(batch));
    }

    @Override
    public void heartbeat(long now) {}

    @Override
    public void close(Disconnect disconnect) {
      closedWith = disconnect;
    }
  }

  /** A sink whose peer stopped reading: it never takes a write. */
  static final class FailingSink extends RecordingSink {
    FailingSink() {
      writable = false;
    }
  }
}
