package io.sinal.hub.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.hub.Broker;
import io.sinal.hub.ChannelName;
import io.sinal.hub.HistoryResult;
import io.sinal.hub.NamespaceOptions;
import io.sinal.hub.Publication;
import io.sinal.hub.Push;
import io.sinal.hub.StreamPosition;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Publishers, the sweep, eviction of idle channels and the history budget on several threads at
 * once, without sockets.
 */
class MemoryBrokerRaceTest {
  private static final NamespaceOptions NO_HISTORY =
      NamespaceOptions.DEFAULT.withHistory(0, Duration.ofHours(1));

  @Test
  void publishesRacingEvictionNeverGiveAnOffsetTwiceInOneEpoch() throws Exception {
    MemoryBroker broker = new MemoryBroker(Clock.systemUTC(), 2);
    Map<String, List<StreamPosition>> seen = new ConcurrentHashMap<>();
    broker.start(
        new Broker.Handler() {
          @Override
          public void onPublication(Publication p) {
            List<StreamPosition> list = seen.computeIfAbsent(p.channel(), k -> new ArrayList<>());
            synchronized (list) {
              list.add(p.position());
            }
          }

          @Override
          public void onPush(Push push) {}
        });
    publishWhileSweeping(
        broker,
        () ->
            broker.publish(
                ChannelName.of("race:c" + ThreadLocalRandom.current().nextInt(16)),
                "message",
                "1",
                NO_HISTORY));

    // Per channel: runs of one epoch, each counting 1, 2, 3… in order, and no epoch ever comes
    // back.
    long evictions = 0;
    for (Map.Entry<String, List<StreamPosition>> e : seen.entrySet()) {
      Set<String> epochs = new HashSet<>();
      String epoch = null;
      long offset = 0;
      for (StreamPosition p : e.getValue()) {
        if (!p.epoch().equals(epoch)) {
          assertThat(epochs.add(p.epoch()))
              .as("%s returns to epoch %s", e.getKey(), p.epoch())
              .isTrue();
          epoch = p.epoch();
          offset = 0;
          evictions++;
        }
        assertThat(p.offset()).as("%s offset in epoch %s", e.getKey(), epoch).isEqualTo(++offset);
      }
    }
    assertThat(seen.values().stream().mapToInt(List::size).sum()).isEqualTo(80_000);
    assertThat(evictions).as("channels forgotten and started again").isGreaterThan(100);
    broker.sweep(MemoryBroker.SWEEP_BUDGET);
    assertThat(broker.usage().idleChannels()).isLessThanOrEqualTo(2);
  }

  @Test
  void publishersRacingForTheHistoryBudgetKeepItsAccountsExact() throws Exception {
    long budget = 1024 * 1024;
    MemoryBroker broker = new MemoryBroker(Clock.systemUTC(), 100, budget);
    AtomicLong delivered = new AtomicLong();
    broker.start(
        new Broker.Handler() {
          @Override
          public void onPublication(Publication p) {
            delivered.incrementAndGet();
          }

          @Override
          public void onPush(Push push) {}
        });
    // Each publisher drops others' history for the budget while the sweep expires and forgets.
    publishWhileSweeping(
        broker,
        () ->
            broker.publish(
                ChannelName.of("race:c" + ThreadLocalRandom.current().nextInt(500)),
                "message",
                "\"" + "x".repeat(ThreadLocalRandom.current().nextInt(10, 2000)) + "\"",
                NamespaceOptions.DEFAULT));

    // Live delivery lost nothing; what history still holds is what the counters say, within the
    // budget.
    assertThat(delivered.get()).isEqualTo(80_000);
    long bytes = 0;
    int withHistory = 0;
    for (int c = 0; c < 500; c++) {
      HistoryResult result =
          broker
              .history(ChannelName.of("race:c" + c), 0, Integer.MAX_VALUE, NamespaceOptions.DEFAULT)
              .result();
      List<Publication> held = result.publications();
      for (int i = 0; i < held.size(); i++) {
        // Dropped from the front only: what is left is the channel's newest, without a hole.
        assertThat(held.get(i).offset())
            .isEqualTo(result.position().offset() - held.size() + 1 + i);
        bytes += held.get(i).bytes().length + ChannelStream.PUBLICATION_OVERHEAD;
      }
      withHistory += held.isEmpty() ? 0 : 1;
    }
    assertThat(broker.usage().bytes()).isEqualTo(bytes).isLessThanOrEqualTo(budget);
    assertThat(broker.usage().channels()).isEqualTo(withHistory);
    assertThat(broker.usage().dropped()).isGreaterThan(70_000);
  }

  /** Four threads run {@code publishOne} 20,000 times each while a fifth sweeps the broker. */
  private static void publishWhileSweeping(MemoryBroker broker, Runnable publishOne)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(5);
    AtomicBoolean publishing = new AtomicBoolean(true);
    try {
      Future<?> sweeper =
          pool.submit(
              () -> {
                while (publishing.get()) {
                  broker.sweep(MemoryBroker.SWEEP_BUDGET);
                }
              });
      List<Future<?>> publishers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        publishers.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 20_000; i++) {
                    publishOne.run();
                  }
                }));
      }
      for (Future<?> publisher : publishers) {
        publisher.get();
      }
      publishing.set(false);
      sweeper.get();
    } finally {
      pool.shutdownNow();
    }
  }
}
