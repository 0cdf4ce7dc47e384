package io.sinal.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.hub.ChannelName;
import io.sinal.hub.Disconnect;
import io.sinal.hub.FanOut;
import io.sinal.hub.Hub;
import io.sinal.hub.Identity;
import io.sinal.hub.NamespaceOptions;
import io.sinal.hub.Outbound;
import io.sinal.hub.Publication;
import io.sinal.hub.memory.MemoryBroker;
import io.sinal.hub.memory.MemoryPresence;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session core with a recording sink instead of a socket. */
class SessionTest {
  private final Vertx vertx = Vertx.vertx();
  private final FanOut fanOut = new FanOut();
  private final Hub hub = new Hub(new MemoryBroker(Clock.systemUTC()), new MemoryPresence(), fanOut, Clock.systemUTC(), "test", 65536);
  private final RecordingSink sink = new RecordingSink();
  private Context context;
  private Session session;

  @AfterEach
  void close() {
    vertx.close();
  }

  /** Runs {@code body} on one event loop with a loop hub and a session, and waits for it. */
  private void onLoop(java.util.function.BiConsumer<LoopHub, Session> body) throws Exception {
    hub.namespace("t", NamespaceOptions.DEFAULT);
    context = vertx.getOrCreateContext();
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      LoopHub loop = new LoopHub(hub, fanOut, context, new SessionLimits(8, 1 << 20), new Connections(fanOut));
      session = loop.open(sink, Identity.ANONYMOUS);
      body.accept(loop, session);
      context.runOnContext(w -> context.runOnContext(x -> done.complete(null)));
    });
    done.get(5, TimeUnit.SECONDS);
  }

  @Test
  void publicationsQueuedInOneLoopTurnGoOutInOneWrite() throws Exception {
    onLoop((loop, session) -> {
      session.subscribe(ChannelName.of("t:a"), null, p -> {});
      hub.publish("t:a", "message", 1);
      hub.publish("t:a", "message", 2);
      hub.publish("t:a", "message", 3);
    });
    assertThat(sink.writes).hasSize(1);
    assertThat(sink.writes.get(0)).extracting(o -> ((Publication) o).offset()).containsExactly(1L, 2L, 3L);
  }

  @Test
  void everySubscriberGetsTheSameEncodedBytes() throws Exception {
    RecordingSink other = new RecordingSink();
    onLoop((loop, session) -> {
      session.subscribe(ChannelName.of("t:shared"), null, p -> {});
      loop.open(other, Identity.ANONYMOUS).subscribe(ChannelName.of("t:shared"), null, p -> {});
      hub.publish("t:shared", "message", "x");
    });
    assertThat(sink.writes.get(0).get(0).bytes()).isSameAs(other.writes.get(0).get(0).bytes());
  }

  @Test
  void aSinkThatDoesNotTakeMoreGetsNothingUntilItDrains() throws Exception {
    sink.writable = false;
    onLoop((loop, session) -> {
      session.subscribe(ChannelName.of("t:b"), null, p -> {});
      hub.publish("t:b", "message", 1);
    });
    assertThat(sink.writes).isEmpty();
    sink.writable = true;
    CompletableFuture<Void> drained = new CompletableFuture<>();
    context.runOnContext(v -> {
      session.drained();
      drained.complete(null);
    });
    drained.get(5, TimeUnit.SECONDS);
    assertThat(sink.writes).hasSize(1);
    assertThat(((Publication) sink.writes.get(0).get(0)).offset()).isEqualTo(1);
  }

  /** A sink that records each write and can refuse writes. */
  static final class RecordingSink implements Sink {
    final List<List<Outbound>> writes = new ArrayList<>();
    volatile boolean writable = true;
    Disconnect closedWith;

    @Override
    public String transport() {
      return "websocket";
    }

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
}
