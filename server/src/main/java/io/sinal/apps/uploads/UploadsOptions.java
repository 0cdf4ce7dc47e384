package io.sinal.apps.uploads;

import io.sinal.config.AppOptions;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * The uploads app's limits (docs/configuration.md, docs/apps/uploads.md).
 *
 * @param maxFileSize bytes one file may have; a larger one fails alone, the rest of its bytes
 *     discarded
 * @param maxFiles files one batch (one request) may hold; more refuses the whole request
 * @param maxPixels width × height an image may declare, checked from its header before decoding
 * @param workers images processed at once; each holds one decoded image (up to 4 × maxPixels bytes)
 * @param batchPixels pixels one batch may declare in total (see {@link WorkBudget}); more refuses
 *     it
 * @param clientPixels pixels of one client address's files waiting or in work; more refuses its
 *     next batch
 * @param queuePixels pixels of every file waiting or in work on this node; more refuses new batches
 * @param retention how long a finished batch is kept after its last change; zero keeps it until
 *     deleted by hand
 * @param maxDisk bytes everything under the uploads directory may take (see {@link DiskBudget})
 * @param clientBytesPerHour bytes one client address may send in uploads per hour, kept or not
 */
public record UploadsOptions(
    long maxFileSize,
    int maxFiles,
    long maxPixels,
    int workers,
    long batchPixels,
    long clientPixels,
    long queuePixels,
    Duration retention,
    long maxDisk,
    long clientBytesPerHour)
    implements AppOptions {
  /** 1 PiB: a bound on the byte bounds, so sums of them never overflow. */
  private static final long MAX_BYTES = 1L << 50;

  public UploadsOptions {
    if (maxFileSize < 1024 || maxFileSize > 1L << 30) {
      throw new IllegalArgumentException(
          "--uploads-max-file-size must be 1024 to 1073741824 bytes, was " + maxFileSize);
    }
    if (maxFiles < 1 || maxFiles > 100) {
      throw new IllegalArgumentException("--uploads-max-files must be 1 to 100, was " + maxFiles);
    }
    // 4 bytes a pixel must stay addressable by one Java array
    if (maxPixels < 1 || maxPixels > 500_000_000L) {
      throw new IllegalArgumentException(
          "--uploads-max-pixels must be 1 to 500000000, was " + maxPixels);
    }
    if (workers < 1 || workers > 64) {
      throw new IllegalArgumentException("--uploads-workers must be 1 to 64, was " + workers);
    }
    // a batch of one file costs at least the floor; each bound must admit what the one before it
    // does
    if (batchPixels < WorkBudget.FILE_FLOOR || batchPixels > 1_000_000_000_000L) {
      throw new IllegalArgumentException(
          "--uploads-batch-pixels must be "
              + WorkBudget.FILE_FLOOR
              + " to 1000000000000, was "
              + batchPixels);
    }
    if (clientPixels < batchPixels || clientPixels > 1_000_000_000_000L) {
      throw new IllegalArgumentException(
          "--uploads-client-pixels must be at least --uploads-batch-pixels ("
              + batchPixels
              + ") and at most 1000000000000, was "
              + clientPixels);
    }
    if (queuePixels < clientPixels || queuePixels > 1_000_000_000_000L) {
      throw new IllegalArgumentException(
          "--uploads-queue-pixels must be at least --uploads-client-pixels ("
              + clientPixels
              + ") and at most 1000000000000, was "
              + queuePixels);
    }
    if (retention.isNegative() || retention.toHours() > 24 * 366) {
      throw new IllegalArgumentException(
          "--uploads-retention-hours must be 0 to 8784, was " + retention.toHours());
    }
    // one full batch must fit in each, or it could never be accepted
    long batch = maxFiles * (maxFileSize + 64 * 1024);
    if (maxDisk < batch || maxDisk > MAX_BYTES) {
      throw new IllegalArgumentException(
          "--uploads-max-disk must be at least one full batch, --uploads-max-files x"
              + " (--uploads-max-file-size + 65536) = "
              + batch
              + " bytes, and at most "
              + MAX_BYTES
              + ", was "
              + maxDisk);
    }
    if (clientBytesPerHour < batch || clientBytesPerHour > MAX_BYTES) {
      throw new IllegalArgumentException(
          "--uploads-client-bytes-per-hour must be at least one full batch,"
              + " --uploads-max-files x (--uploads-max-file-size + 65536) = "
              + batch
              + " bytes, and at most "
              + MAX_BYTES
              + ", was "
              + clientBytesPerHour);
    }
  }

  @Override
  public void describe(BiConsumer<String, String> line) {
    line.accept("uploads-max-file-size", String.valueOf(maxFileSize));
    line.accept("uploads-max-files", String.valueOf(maxFiles));
    line.accept("uploads-max-pixels", String.valueOf(maxPixels));
    line.accept("uploads-workers", String.valueOf(workers));
    line.accept("uploads-batch-pixels", String.valueOf(batchPixels));
    line.accept("uploads-client-pixels", String.valueOf(clientPixels));
    line.accept("uploads-queue-pixels", String.valueOf(queuePixels));
    line.accept(
        "uploads-retention-hours",
        retention.isZero()
            ? "0 (kept until deleted by hand)"
            : String.valueOf(retention.toHours()));
    line.accept("uploads-max-disk", String.valueOf(maxDisk));
    line.accept("uploads-client-bytes-per-hour", String.valueOf(clientBytesPerHour));
  }

  /**
   * Bytes one request may carry before it is cut off: every file at its limit, plus room for the
   * multipart headers. Oversize files are discarded rather than refused, so this bounds what a
   * client can make the server read.
   */
  long maxRequestSize() {
    return maxFiles * (maxFileSize + 64 * 1024);
  }
}
