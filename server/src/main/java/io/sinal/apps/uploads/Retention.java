package io.sinal.apps.uploads;

import io.sinal.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Deletes what the uploads app would otherwise keep forever (docs/apps/uploads.md, "Retention"):
 * batches finished and untouched for {@code --uploads-retention-hours} — their rows first, then
 * their directory — and orphan directories, on disk but not in the store (left by a crash
 * mid-upload, or a deletion that failed), once nothing was written in them for {@link
 * #ORPHAN_GRACE}. Nothing is published: a batch's channel went quiet long before (its history lasts
 * an hour); reading a deleted batch answers 404. Run by a {@link io.sinal.apps.Sweep}, so one run
 * at a time; rows on the store's pool, files on Vert.x's workers.
 */
final class Retention {
  private static final Logger LOG = Logger.getLogger(Retention.class.getName());

  /**
   * Longer than an upload can go without writing a byte: --idle-timeout cuts a silent one within an
   * hour.
   */
  static final Duration ORPHAN_GRACE = Duration.ofHours(1);

  /** Batches one round deletes; rounds go on until one finds fewer. */
  private static final int ROUND = 100;

  /** Ids per {@code IN} list when asking the store which directories it knows. */
  private static final int LOOKUP = 500;

  private final Vertx vertx;
  private final Store store;
  private final UploadFiles files;
  private final Duration retention;
  private final Clock clock;

  /** When orphans are looked for next: every grace period, as that walks every directory. */
  private volatile Instant orphansDue = Instant.MIN;

  Retention(Vertx vertx, Store store, UploadFiles files, Duration retention, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.files = files;
    this.retention = retention;
    this.clock = clock;
  }

  /** One sweep: expired batches, then (every grace period) orphans; the order keeps them apart. */
  Future<Void> sweep() {
    Instant now = clock.instant();
    Future<Integer> expired =
        retention.isZero() ? Future.succeededFuture(0) : expire(now.minus(retention), 0);
    return expired.compose(
        deleted -> {
          if (deleted > 0) {
            LOG.info(
                "deleted "
                    + deleted
                    + " upload batches past their retention of "
                    + retention.toHours()
                    + " h");
          }
          if (now.isBefore(orphansDue)) {
            return Future.succeededFuture();
          }
          orphansDue = now.plus(ORPHAN_GRACE);
          return orphans(now.minus(ORPHAN_GRACE));
        });
  }

  private Future<Integer> expire(Instant cutoff, int deletedSoFar) {
    return store
        .transaction(
            h -> {
              List<String> ids = UploadRepository.expired(h, cutoff, ROUND);
              UploadRepository.deleteBatches(h, ids);
              return ids;
            })
        // rows first: a directory left behind by a failed deletion is an orphan, found later
        .compose(
            ids ->
                vertx.executeBlocking(
                    () -> {
                      for (String id : ids) {
                        files.deleteBatch(id);
                      }
                      return ids.size();
                    },
                    false))
        .compose(
            n ->
                n == ROUND
                    ? expire(cutoff, deletedSoFar + n)
                    : Future.succeededFuture(deletedSoFar + n));
  }

  private Future<Void> orphans(Instant quietSince) {
    return vertx
        .executeBlocking(() -> files.unchangedSince(quietSince), false)
        .compose(
            candidates ->
                store.call(
                    h -> {
                      List<String> unknown = new ArrayList<>();
                      for (int i = 0; i < candidates.size(); i += LOOKUP) {
                        List<String> chunk =
                            candidates.subList(i, Math.min(candidates.size(), i + LOOKUP));
                        Set<String> stored = UploadRepository.stored(h, chunk);
                        chunk.stream().filter(id -> !stored.contains(id)).forEach(unknown::add);
                      }
                      return unknown;
                    }))
        .compose(
            unknown ->
                vertx.executeBlocking(
                    () -> {
                      int removed = 0;
                      for (String id : unknown) {
                        if (files.untouchedSince(id, quietSince)) {
                          files.deleteBatch(id);
                          removed++;
                        }
                      }
                      if (removed > 0) {
                        LOG.info(
                            "removed "
                                + removed
                                + " upload directories the store does not know (left by a crash?)");
                      }
                      return null;
                    },
                    false));
  }
}
