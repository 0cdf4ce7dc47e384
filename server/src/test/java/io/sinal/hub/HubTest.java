package io.sinal.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.hub.memory.MemoryBroker;
import io.sinal.hub.memory.MemoryPresence;
import io.sinal.testing.TestClock;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The hub without sockets: its loops are {@link RecordingDelivery} doubles registered with its
 * {@link FanOut}, its broker and presence the memory ones.
 */
class HubTest {
  private final TestClock clock = new TestClock();
  private final FanOut fanOut = new FanOut();
  private final Hub hub =
      new Hub(new MemoryBroker(clock), new MemoryPresence(clock), fanOut, clock, "node-1", 1024);

  HubTest() {
    hub.namespace("news", NamespaceOptions.DEFAULT);
    hub.namespace("room", NamespaceOptions.DEFAULT.withPresence(true).withClientPublish(true));
  }

  @Test
  void aPublicationIsHandedOnceToEachLoopWithSubscribersForItsChannelAndToNoOther()
      throws Exception {
    RecordingDelivery a = loop("news:x");
    RecordingDelivery b = loop("news:x", "news:y");
    RecordingDelivery c = loop("news:y");
    Publication published = result(hub.publish("news:x", "message", new JsonObject().put("n", 1)));

    assertThat(a.publications).containsExactly(published);
    assertThat(b.publications).containsExactly(published);
    assertThat(c.publications).isEmpty();
    assertThat(new String(published.bytes())).contains("\"data\":{\"n\":1}");
    assertThat(result(hub.history(ChannelName.of("news:x"), 10)).publications())
        .containsExactly(published);
  }

  @Test
  void aLoopWhoseLastSubscriberLeftIsHandedNothingMore() throws Exception {
    RecordingDelivery a = loop("news:x");
    RecordingDelivery b = loop("news:x");
    fanOut.uninterested("news:x", a.index);
    result(hub.publish("news:x", "message", 1));
    assertThat(a.publications).isEmpty();
    assertThat(b.publications).hasSize(1);
  }

  @Test
  void joinAndLeaveArePushedToTheChannelsLoopsAndPresenceListsWhoIsThere() throws Exception {
    RecordingDelivery a = loop("room:lobby");
    RecordingDelivery other = loop("room:elsewhere");
    ClientInfo alice = new ClientInfo("c-1", "alice");
    result(hub.join(ChannelName.of("room:lobby"), alice));
    assertThat(result(hub.presence(ChannelName.of("room:lobby")))).containsExactly(alice);
    result(hub.leave(ChannelName.of("room:lobby"), alice));

    assertThat(a.pushes).extracting(Push::event).containsExactly("join", "leave");
    assertThat(other.pushes).isEmpty();
    assertThat(result(hub.presence(ChannelName.of("room:lobby")))).isEmpty();
  }

  @Test
  void aLeaseJoinsOnceForAllOfAUsersLeasesAndTheSweepPushesTheLeaveWhenTheyExpired()
      throws Exception {
    RecordingDelivery a = loop("room:lobby");
    LeaseTerms terms = new LeaseTerms(Duration.ofSeconds(30), 5, 5, 100);
    Lease first = result(hub.lease(ChannelName.of("room:lobby"), "alice", null, terms));
    result(hub.lease(ChannelName.of("room:lobby"), "alice", null, terms));
    clock.advance(Duration.ofSeconds(31));
    result(hub.expireLeases());
    assertThat(a.pushes).extracting(Push::event).containsExactly("join", "leave");
    assertThat(a.pushes)
        .allSatisfy(
            p -> assertThat(new String(p.bytes())).contains("\"client\":\"" + first.id() + "\""));
  }

  @Test
  void refusalsCarryTheirCodeAndNothingIsDelivered() {
    RecordingDelivery a = loop("news:x", "room:lobby");
    assertThat(refusal(hub.publish("nowhere:x", "message", 1)))
        .isEqualTo(ErrorCode.UNKNOWN_NAMESPACE);
    assertThat(refusal(hub.publish("news:x", "join", 1)))
        .as("a reserved type")
        .isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refusal(hub.publish("news:x", "message", "x".repeat(2000))))
        .isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
    assertThat(refusal(hub.publish("news:x", "message", Double.NaN)))
        .isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(refusal(hub.publish("bad channel", "message", 1)))
        .isEqualTo(ErrorCode.INVALID_CHANNEL);
    assertThat(refusal(hub.clientPublish(Identity.ANONYMOUS, "news:x", "message", 1)))
        .as("no client publishing there")
        .isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(refusal(hub.presence(ChannelName.of("news:x"))))
        .isEqualTo(ErrorCode.PRESENCE_DISABLED);
    assertThat(
            refusal(
                hub.lease(
                    ChannelName.of("news:x"),
                    "alice",
                    null,
                    new LeaseTerms(Duration.ofSeconds(30), 1, 1, 1))))
        .isEqualTo(ErrorCode.PRESENCE_DISABLED);
    assertThat(a.publications).isEmpty();
  }

  @Test
  void aNamespacesGuardSeesClientPublicationsFirstAndMayRewriteOrRefuseThem() throws Exception {
    RecordingDelivery a = loop("room:lobby");
    Function<Object, Future<Object>> rules =
        data ->
            "spam".equals(data)
                ? Future.failedFuture(new SinalException(ErrorCode.CONFLICT, "no spam"))
                : Future.succeededFuture(new JsonObject().put("said", data));
    hub.guard("room", (who, channel, type, data) -> rules.apply(data));
    Identity alice = new Identity("alice", List.of(), Long.MAX_VALUE);

    assertThat(refusal(hub.clientPublish(alice, "room:lobby", "message", "spam")))
        .isEqualTo(ErrorCode.CONFLICT);
    result(hub.clientPublish(alice, "room:lobby", "message", "hi"));
    result(hub.publish("room:lobby", "message", "spam")); // the server API is trusted: no guard
    assertThat(a.publications)
        .extracting(p -> new JsonObject(new String(p.bytes())).getValue("data"))
        .containsExactly(new JsonObject().put("said", "hi"), "spam");
  }

  @Test
  void historyExpiresByTheHubsClock() throws Exception {
    hub.namespace("short", NamespaceOptions.DEFAULT.withHistory(10, Duration.ofSeconds(30)));
    result(hub.publish("short:x", "message", 1));
    clock.advance(Duration.ofSeconds(31));
    HistoryResult history = result(hub.history(ChannelName.of("short:x"), 10));
    assertThat(history.publications()).isEmpty();
    assertThat(history.position().offset()).isEqualTo(1);
  }

  /** A loop with subscribers for {@code channels}: the one place this test registers fan-out. */
  private RecordingDelivery loop(String... channels) {
    RecordingDelivery delivery = new RecordingDelivery();
    delivery.index = fanOut.attach(delivery);
    for (String channel : channels) {
      fanOut.interested(channel, delivery.index);
    }
    return delivery;
  }

  private static ErrorCode refusal(Future<?> future) {
    assertThat(future.failed()).as("refused: %s", future).isTrue();
    return ((SinalException) future.cause()).code();
  }

  private static <T> T result(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** What the hub hands one event loop, recorded in order. */
  static final class RecordingDelivery implements Delivery {
    final List<Publication> publications = new CopyOnWriteArrayList<>();
    final List<Push> pushes = new CopyOnWriteArrayList<>();
    int index;

    @Override
    public void publication(Publication publication) {
      publications.add(publication);
    }

    @Override
    public void push(Push push) {
      pushes.add(push);
    }

    @Override
    public void closeAll(Disconnect disconnect) {
      throw new AssertionError("no loop is closed here, yet it was told " + disconnect);
    }
  }
}
