package io.sinal.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sinal.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Broker} must do, as its javadoc and docs/protocol.md ("Cursors", "Quiet
 * channels") state it; run on each implementation by a subclass, without sockets. Time is the
 * {@link #clock}.
 */
public abstract class BrokerContract {
  private static final NamespaceOptions KEEP_5 =
      NamespaceOptions.DEFAULT.withHistory(5, Duration.ofMinutes(10));
  private static final NamespaceOptions TTL_10S =
      NamespaceOptions.DEFAULT.withHistory(100, Duration.ofSeconds(10));

  protected final TestClock clock = new TestClock();
  protected final Recorder handler = new Recorder();
  private Broker broker;

  /**
   * A broker over empty state reading {@link #clock}, started with {@code handler} and ready to
   * publish.
   */
  protected abstract Broker open(Broker.Handler handler) throws Exception;

  /**
   * The deployment after it lost every stream it held (the memory broker: a restart without a
   * snapshot; Redis: its data gone); returns the broker to go on with.
   */
  protected abstract Broker lose(Broker broker) throws Exception;

  /**
   * A broker whose histories may hold at most {@code bytes} in all, or null where another bound
   * applies.
   */
  protected Broker openWithHistoryBudget(Broker.Handler handler, long bytes) throws Exception {
    return null;
  }

  @BeforeEach
  void openBroker() throws Exception {
    broker = open(handler);
  }

  /** Removes what the test left where the broker keeps its state; after the broker is closed. */
  protected void cleanUp() throws Exception {}

  @AfterEach
  void closeBroker() throws Exception {
    try {
      result(broker.close());
    } finally {
      cleanUp();
    }
  }

  @Test
  void aChannelsPublicationsCountOneTwoThreeInOneEpochAndReachTheHandlerInThatOrder()
      throws Exception {
    List<Publication> published = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      published.add(
          result(broker.publish(ChannelName.of("c:order"), "message", String.valueOf(i), KEEP_5)));
    }
    assertThat(published).extracting(Publication::offset).containsExactlyElementsOf(range(1, 20));
    assertThat(published).extracting(Publication::epoch).containsOnly(published.get(0).epoch());
    await().atMost(Duration.ofSeconds(10)).until(() -> handler.offsets("c:order").size() == 20);
    assertThat(handler.offsets("c:order")).containsExactlyElementsOf(range(1, 20));
    assertThat(handler.of("c:order").get(19).bytes()).isEqualTo(published.get(19).bytes());
  }

  @Test
  void concurrentPublishersOnOneChannelGetGaplessOffsetsDeliveredInOrder() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<java.util.concurrent.Future<List<Long>>> publishers = new ArrayList<>();
    try {
      for (int t = 0; t < 4; t++) {
        publishers.add(
            pool.submit(
                () -> {
                  List<io.vertx.core.Future<Publication>> mine = new ArrayList<>();
                  for (int i = 0; i < 250; i++) {
                    mine.add(broker.publish(ChannelName.of("c:race"), "message", "1", KEEP_5));
                  }
                  // Not ordered among themselves: publishes in flight at once may take any order (a
                  // pool of connections).
                  List<Long> offsets = new ArrayList<>();
                  for (io.vertx.core.Future<Publication> f : mine) {
                    offsets.add(result(f).offset());
                  }
                  return offsets;
                }));
      }
      Set<Long> given = new HashSet<>();
      for (java.util.concurrent.Future<List<Long>> publisher : publishers) {
        given.addAll(publisher.get(30, TimeUnit.SECONDS));
      }
      assertThat(given)
          .as("every offset once, 1000 publications")
          .containsExactlyInAnyOrderElementsOf(range(1, 1000));
    } finally {
      pool.shutdownNow();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> handler.offsets("c:race").size() == 1000);
    assertThat(handler.offsets("c:race")).containsExactlyElementsOf(range(1, 1000));
    assertThat(result(broker.history(ChannelName.of("c:race"), -1, 5, KEEP_5)).publications())
        .extracting(Publication::offset)
        .containsExactly(996L, 997L, 998L, 999L, 1000L);
  }

  @Test
  void aPublicationIsInHistoryBeforeTheHandlerSeesIt() throws Exception {
    List<io.vertx.core.Future<HistoryResult>> readsFromTheHandler = new CopyOnWriteArrayList<>();
    handler.onEach =
        p ->
            readsFromTheHandler.add(
                broker.history(
                    ChannelName.of(p.channel()), p.offset() - 1, 1, NamespaceOptions.DEFAULT));
    for (int i = 0; i < 10; i++) {
      broker.publish(ChannelName.of("c:stored"), "message", "1", NamespaceOptions.DEFAULT);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> readsFromTheHandler.size() == 10);
    for (int i = 0; i < 10; i++) {
      assertThat(result(readsFromTheHandler.get(i)).publications())
          .extracting(Publication::offset)
          .containsExactly(i + 1L);
    }
  }

  @Test
  void historyHoldsTheNewestPublicationsUpToTheNamespacesSizeOldestFirst() throws Exception {
    ChannelName channel = ChannelName.of("c:size");
    for (int i = 1; i <= 8; i++) {
      broker.publish(channel, "message", String.valueOf(i), KEEP_5);
    }
    result(broker.publish(channel, "message", "9", KEEP_5));
    HistoryResult newest = result(broker.history(channel, -1, 100, KEEP_5));
    assertThat(newest.position().offset()).isEqualTo(9);
    assertThat(newest.publications())
        .extracting(Publication::offset)
        .containsExactly(5L, 6L, 7L, 8L, 9L);
    assertThat(result(broker.history(channel, -1, 2, KEEP_5)).publications())
        .extracting(Publication::offset)
        .as("the newest two")
        .containsExactly(8L, 9L);
    assertThat(result(broker.history(channel, 0, 100, KEEP_5)).publications())
        .extracting(Publication::offset)
        .as("after offset 0: what is left")
        .containsExactly(5L, 6L, 7L, 8L, 9L);
    assertThat(result(broker.history(channel, 6, 2, KEEP_5)).publications())
        .extracting(Publication::offset)
        .as("after 6, two")
        .containsExactly(7L, 8L);
    assertThat(result(broker.history(channel, 9, 100, KEEP_5)).publications())
        .as("nothing after the newest")
        .isEmpty();
  }

  @Test
  void historyOlderThanTheTtlIsGoneByTheClock() throws Exception {
    ChannelName channel = ChannelName.of("c:ttl");
    for (int i = 1; i <= 3; i++) {
      result(broker.publish(channel, "message", String.valueOf(i), TTL_10S));
    }
    clock.advance(Duration.ofSeconds(6));
    result(broker.publish(channel, "message", "4", TTL_10S));
    assertThat(result(broker.history(channel, 0, 100, TTL_10S)).publications()).hasSize(4);
    clock.advance(Duration.ofSeconds(5));
    HistoryResult later = result(broker.history(channel, 0, 100, TTL_10S));
    assertThat(later.publications())
        .extracting(Publication::offset)
        .as("11 s after 1-3, 5 s after 4")
        .containsExactly(4L);
    assertThat(later.position().offset()).isEqualTo(4);
  }

  @Test
  void aQuietChannelKeepsItsPositionAfterItsHistoryExpiredAndItsNextPublicationContinuesIt()
      throws Exception {
    ChannelName channel = ChannelName.of("c:quiet");
    Publication last = null;
    for (int i = 1; i <= 3; i++) {
      last = result(broker.publish(channel, "message", String.valueOf(i), TTL_10S));
    }
    clock.advance(Duration.ofMinutes(5));
    HistoryResult quiet = result(broker.history(channel, 3, 100, TTL_10S));
    assertThat(quiet.publications()).isEmpty();
    assertThat(quiet.position()).isEqualTo(last.position());
    assertThat(result(broker.history(channel, -1, 100, TTL_10S)).position())
        .as("every read alike")
        .isEqualTo(last.position());
    Publication next = result(broker.publish(channel, "message", "4", TTL_10S));
    assertThat(next.position()).isEqualTo(new StreamPosition(last.epoch(), 4));
  }

  @Test
  void aChannelNeverPublishedOnAnswersOffsetZeroAlikeOnEveryReadAndItsFirstPublicationContinuesIt()
      throws Exception {
    ChannelName channel = ChannelName.of("c:never");
    HistoryResult first = result(broker.history(channel, -1, 10, KEEP_5));
    assertThat(first.position().offset()).isZero();
    assertThat(first.publications()).isEmpty();
    assertThat(result(broker.history(channel, 0, 10, KEEP_5)).position())
        .isEqualTo(first.position());
    assertThat(result(broker.publish(channel, "message", "1", KEEP_5)).position())
        .isEqualTo(new StreamPosition(first.position().epoch(), 1));
  }

  @Test
  void afterLosingItsStateAChannelAnswersANewEpochSoNoOffsetIsGivenTwiceUnderOne()
      throws Exception {
    ChannelName channel = ChannelName.of("c:lost");
    ChannelName neverPublished = ChannelName.of("c:untouched");
    for (int i = 1; i <= 3; i++) {
      result(broker.publish(channel, "message", String.valueOf(i), KEEP_5));
    }
    StreamPosition before = result(broker.history(channel, -1, 1, KEEP_5)).position();
    StreamPosition emptyBefore = result(broker.history(neverPublished, -1, 1, KEEP_5)).position();
    broker = lose(broker);

    HistoryResult after = result(broker.history(channel, 0, 100, KEEP_5));
    assertThat(after.publications()).isEmpty();
    assertThat(after.position().epoch())
        .as("a new epoch, so a cursor at %s gets a reset", before)
        .isNotEqualTo(before.epoch());
    assertThat(after.position().offset()).isZero();
    assertThat(result(broker.publish(channel, "message", "new", KEEP_5)).position())
        .isEqualTo(new StreamPosition(after.position().epoch(), 1));
    assertThat(result(broker.history(neverPublished, -1, 1, KEEP_5)).position().epoch())
        .isNotEqualTo(emptyBefore.epoch());
  }

  @Test
  void channelsCountTheirOwnOffsets() throws Exception {
    result(broker.publish(ChannelName.of("c:a"), "message", "1", KEEP_5));
    result(broker.publish(ChannelName.of("c:a"), "message", "2", KEEP_5));
    assertThat(result(broker.publish(ChannelName.of("c:b"), "message", "1", KEEP_5)).offset())
        .isEqualTo(1);
    assertThat(result(broker.history(ChannelName.of("c:b"), 0, 10, KEEP_5)).publications())
        .extracting(p -> new String(p.bytes()))
        .singleElement()
        .asString()
        .contains("\"channel\":\"c:b\"");
  }

  @Test
  void pushesReachTheHandlerAndAreNotStored() throws Exception {
    ChannelName channel = ChannelName.of("c:push");
    result(broker.publish(channel, "message", "1", KEEP_5));
    broker.push(Push.join(channel.value(), new ClientInfo("client-1", "alice")));
    await().atMost(Duration.ofSeconds(10)).until(() -> !handler.pushes.isEmpty());
    assertThat(handler.pushes)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.event()).isEqualTo("join");
              assertThat(p.channel()).isEqualTo("c:push");
              assertThat(new String(p.bytes()))
                  .contains("\"client\":\"client-1\"")
                  .contains("\"user\":\"alice\"");
            });
    HistoryResult history = result(broker.history(channel, 0, 10, KEEP_5));
    assertThat(history.position().offset()).isEqualTo(1);
    assertThat(history.publications()).hasSize(1);
  }

  @Test
  void pastTheHistoryBudgetTheOldestHistoryGoesFirstAndLiveDeliveryGoesOn() throws Exception {
    Recorder budgeted = new Recorder();
    Broker small = openWithHistoryBudget(budgeted, 64 * 1024);
    Assumptions.assumeTrue(
        small != null, "this broker's history is bounded by its store (Redis: maxmemory)");
    try {
      String data = "\"" + "x".repeat(1000) + "\"";
      for (int i = 0; i < 200; i++) {
        result(
            small.publish(
                ChannelName.of("c:budget" + i % 4), "message", data, NamespaceOptions.DEFAULT));
      }
      assertThat(budgeted.publications).as("live delivery never waits on the budget").hasSize(200);
      assertThat(small.usage().bytes()).isLessThanOrEqualTo(64 * 1024);
      assertThat(small.usage().dropped()).isGreaterThan(100);
      for (int c = 0; c < 4; c++) {
        HistoryResult held =
            result(
                small.history(ChannelName.of("c:budget" + c), 0, 1000, NamespaceOptions.DEFAULT));
        List<Long> offsets = held.publications().stream().map(Publication::offset).toList();
        assertThat(offsets)
            .as("the channel's newest, without a hole")
            .containsExactlyElementsOf(
                range(held.position().offset() - offsets.size() + 1, held.position().offset()));
        assertThat(held.position().offset()).isEqualTo(50);
      }
    } finally {
      result(small.close());
    }
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      out.add(i);
    }
    return out;
  }

  protected static <T> T result(io.vertx.core.Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * A handler that records what it is given, in order; {@link #onEach} runs on each publication as
   * it arrives.
   */
  protected static final class Recorder implements Broker.Handler {
    final List<Publication> publications = new CopyOnWriteArrayList<>();
    final List<Push> pushes = new CopyOnWriteArrayList<>();
    volatile java.util.function.Consumer<Publication> onEach = p -> {};

    @Override
    public void onPublication(Publication publication) {
      publications.add(publication);
      onEach.accept(publication);
    }

    @Override
    public void onPush(Push push) {
      pushes.add(push);
    }

    List<Publication> of(String channel) {
      return publications.stream().filter(p -> p.channel().equals(channel)).toList();
    }

    List<Long> offsets(String channel) {
      return of(channel).stream().map(Publication::offset).toList();
    }
  }
}
