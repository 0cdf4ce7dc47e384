package io.sinal.apps.uploads;

import io.sinal.hub.SinalException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How much image work may wait or run at once, counted in declared pixels (width × height from each
 * header, read before anything is decoded): per batch, per client address, and on this node.
 * Decoding costs CPU and memory in proportion to pixels, so a batch of small files declaring 40
 * megapixels each is as costly as it claims, whatever its size in bytes. A batch is admitted whole
 * or not at all, before its files are queued; its files give their work back as each one finishes.
 *
 * <p>Shared by every event loop and the workers, hence {@code synchronized}; each call is a few map
 * operations.
 */
final class WorkBudget {
  /**
   * The least a file costs, declared pixels or not: its six outputs and store writes have a price
   * of their own, so a flood of tiny images is bounded too.
   */
  static final long FILE_FLOOR = 1_000_000;

  private final UploadsOptions options;

  /** Client address → pixels of its files waiting or in work; no entry at zero. */
  private final Map<String, Long> perClient = new HashMap<>();

  private long total;

  WorkBudget(UploadsOptions options) {
    this.options = options;
  }

  /**
   * What a file costs: its declared pixels, at least {@link #FILE_FLOOR}; one over {@code
   * --uploads-max-pixels} (or unreadable) fails at its header without decoding, so it costs only
   * the floor.
   */
  static long cost(long declared) {
    return Math.max(FILE_FLOOR, declared);
  }

  /**
   * Reserves the work of one batch for {@code client}, or throws the refusal: 413 when the batch
   * alone is over its budget (waiting will not help), 429 when the client's or the node's pending
   * work is.
   */
  synchronized void reserve(String client, List<Long> costs) {
    long batch = costs.stream().mapToLong(Long::longValue).sum();
    if (batch > options.batchPixels()) {
      throw new SinalException(
          UploadError.BATCH_TOO_LARGE,
          "the batch's images declare "
              + batch
              + " pixels (each file counts at least "
              + FILE_FLOOR
              + "); at most "
              + options.batchPixels()
              + " per batch: send fewer or smaller images");
    }
    long mine = perClient.getOrDefault(client, 0L);
    if (mine + batch > options.clientPixels()) {
      throw new SinalException(
          UploadError.BUSY,
          "your earlier uploads still have "
              + mine
              + " pixels waiting or in processing, and this batch declares "
              + batch
              + "; at most "
              + options.clientPixels()
              + " per client: try again once they are done");
    }
    if (total + batch > options.queuePixels()) {
      throw new SinalException(
          UploadError.BUSY,
          "the server has "
              + total
              + " pixels of images waiting or in processing; try again in a moment");
    }
    perClient.put(client, mine + batch);
    total += batch;
  }

  /** Gives back one file's work, once it is finished (or a reservation that was not used). */
  synchronized void release(String client, long cost) {
    perClient.computeIfPresent(client, (k, pixels) -> pixels - cost <= 0 ? null : pixels - cost);
    total = Math.max(0, total - cost);
  }
}
