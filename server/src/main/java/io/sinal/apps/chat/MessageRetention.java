package io.sinal.apps.chat;

import io.sinal.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Deletes messages stored longer than {@code --chat-retention-days} (docs/apps/chat.md, "History"),
 * in rounds until one finds fewer than it may delete, so one statement never holds the table long.
 * Nothing is published: history pages simply end earlier. Run by a {@link io.sinal.apps.Sweep}; SQL
 * on the store's pool.
 */
final class MessageRetention {
  private static final Logger LOG = Logger.getLogger(MessageRetention.class.getName());
  private static final int ROUND = 1000;

  private final Store store;
  private final Duration retention;
  private final Clock clock;

  MessageRetention(Store store, Duration retention, Clock clock) {
    this.store = store;
    this.retention = retention;
    this.clock = clock;
  }

  Future<Void> sweep() {
    if (retention.isZero()) {
      return Future.succeededFuture();
    }
    return delete(clock.instant().minus(retention), 0)
        .map(
            deleted -> {
              if (deleted > 0) {
                LOG.info(
                    "deleted "
                        + deleted
                        + " chat messages past their retention of "
                        + retention.toDays()
                        + " days");
              }
              return null;
            });
  }

  private Future<Integer> delete(Instant cutoff, int soFar) {
    return store
        .call(h -> MessageRepository.deleteOlderThan(h, cutoff, ROUND))
        .compose(n -> n == ROUND ? delete(cutoff, soFar + n) : Future.succeededFuture(soFar + n));
  }
}
