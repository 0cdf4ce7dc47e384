package io.sinal.hub.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.hub.Broker;
import io.sinal.hub.ChannelName;
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
import org.junit.jupiter.api.Test;

/** Publishers, the sweep and eviction of idle channels on several threads at once, without sockets. */
class MemoryBrokerRaceTest {
  private static final NamespaceOptions NO_HISTORY = NamespaceOptions.DEFAULT.withHistory(0, Duration.ofHours(1));

  @Test
  void publishesRacingEvictionNeverGiveAnOffsetTwiceInOneEpoch() throws Exception {
    MemoryBroker broker = new MemoryBroker(Clock.systemUTC(), 2);
    Map<String, List<StreamPosition>> seen = new ConcurrentHashMap<>();
    broker.start(new Broker.Handler() {
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
    ExecutorService pool = Executors.newFixedThreadPool(5);
    AtomicBoolean publishing = new AtomicBoolean(true);
    try {
      Future<?> sweeper = pool.submit(() -> {
        while (publishing.get()) {
          broker.sweep(MemoryBroker.SWEEP_BUDGET);
        }
      });
      List<Future<?>> publishers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        publishers.add(pool.submit(() -> {
          for (int i = 0; i < 20_000; i++) {
            broker.publish(ChannelName.of("race:c" + ThreadLocalRandom.current().nextInt(16)), "message", "1", NO_HISTORY);
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

    // Per channel: runs of one epoch, each counting 1, 2, 3… in order, and no epoch ever comes back.
    long evictions = 0;
    for (Map.Entry<String, List<StreamPosition>> e : seen.entrySet()) {
      Set<String> epochs = new HashSet<>();
      String epoch = null;
      long offset = 0;
      for (StreamPosition p : e.getValue()) {
        if (!p.epoch().equals(epoch)) {
          assertThat(epochs.add(p.epoch())).as("%s returns to epoch %s", e.getKey(), p.epoch()).isTrue();
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
}
