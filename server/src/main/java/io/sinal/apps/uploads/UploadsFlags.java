package io.sinal.apps.uploads;

import io.sinal.config.AppOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The uploads app's flags (docs/configuration.md), added to the server's command line. */
final class UploadsFlags implements AppOptions.Flags {
  @Option(
      names = "--uploads-max-file-size",
      defaultValue = "${env:SINAL_UPLOADS_MAX_FILE_SIZE:-20971520}",
      description =
          "Largest uploaded image in bytes; a larger file fails alone (env SINAL_UPLOADS_MAX_FILE_SIZE; default ${DEFAULT-VALUE}).")
  long uploadsMaxFileSize;

  @Option(
      names = "--uploads-max-files",
      defaultValue = "${env:SINAL_UPLOADS_MAX_FILES:-20}",
      description =
          "Images per upload batch; more refuses the batch (env SINAL_UPLOADS_MAX_FILES; default ${DEFAULT-VALUE}).")
  int uploadsMaxFiles;

  @Option(
      names = "--uploads-max-pixels",
      defaultValue = "${env:SINAL_UPLOADS_MAX_PIXELS:-40000000}",
      description =
          "Largest width x height an uploaded image may declare, checked before decoding (env SINAL_UPLOADS_MAX_PIXELS; default ${DEFAULT-VALUE}).")
  long uploadsMaxPixels;

  @Option(
      names = "--uploads-workers",
      defaultValue = "${env:SINAL_UPLOADS_WORKERS:-2}",
      description =
          "Images processed at once (env SINAL_UPLOADS_WORKERS; default ${DEFAULT-VALUE}).")
  int uploadsWorkers;

  @Option(
      names = "--uploads-batch-pixels",
      defaultValue = "${env:SINAL_UPLOADS_BATCH_PIXELS:-250000000}",
      description =
          "Pixels the images of one upload batch may declare in total, each at least 1000000; more refuses the batch (env SINAL_UPLOADS_BATCH_PIXELS; default ${DEFAULT-VALUE}).")
  long uploadsBatchPixels;

  @Option(
      names = "--uploads-client-pixels",
      defaultValue = "${env:SINAL_UPLOADS_CLIENT_PIXELS:-500000000}",
      description =
          "Pixels of one client address's images waiting or in processing; more refuses its next batch with 429 (env SINAL_UPLOADS_CLIENT_PIXELS; default ${DEFAULT-VALUE}).")
  long uploadsClientPixels;

  @Option(
      names = "--uploads-queue-pixels",
      defaultValue = "${env:SINAL_UPLOADS_QUEUE_PIXELS:-2000000000}",
      description =
          "Pixels of all images waiting or in processing on this node; more refuses new batches with 429 (env SINAL_UPLOADS_QUEUE_PIXELS; default ${DEFAULT-VALUE}).")
  long uploadsQueuePixels;

  @Option(
      names = "--uploads-retention-hours",
      defaultValue = "${env:SINAL_UPLOADS_RETENTION_HOURS:-24}",
      description =
          "Hours a finished upload batch is kept after its last change, then deleted with its files; 0 keeps batches until deleted by hand (env SINAL_UPLOADS_RETENTION_HOURS; default ${DEFAULT-VALUE}).")
  int uploadsRetentionHours;

  @Option(
      names = "--uploads-max-disk",
      defaultValue = "${env:SINAL_UPLOADS_MAX_DISK:-5368709120}",
      description =
          "Bytes everything under <data-dir>/uploads may take; an upload past it is 507 (env SINAL_UPLOADS_MAX_DISK; default ${DEFAULT-VALUE}).")
  long uploadsMaxDisk;

  @Option(
      names = "--uploads-client-bytes-per-hour",
      defaultValue = "${env:SINAL_UPLOADS_CLIENT_BYTES_PER_HOUR:-536870912}",
      description =
          "Bytes one client address may upload per hour; past it 429 (env SINAL_UPLOADS_CLIENT_BYTES_PER_HOUR; default ${DEFAULT-VALUE}).")
  long uploadsClientBytesPerHour;

  @Override
  public UploadsOptions toOptions(String host) {
    return new UploadsOptions(
        uploadsMaxFileSize,
        uploadsMaxFiles,
        uploadsMaxPixels,
        uploadsWorkers,
        uploadsBatchPixels,
        uploadsClientPixels,
        uploadsQueuePixels,
        Duration.ofHours(uploadsRetentionHours),
        uploadsMaxDisk,
        uploadsClientBytesPerHour);
  }
}
