package io.sinal.apps.uploads;

import io.sinal.apps.App;
import io.sinal.apps.Sweep;
import io.sinal.hub.Hub;
import io.sinal.hub.NamespaceOptions;
import io.sinal.store.Store;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.logging.Logger;

/**
 * Image uploads with live progress (docs/apps/uploads.md): the page and routes under {@code
 * /uploads}, the processing pool, and the {@code uploads} namespace whose channel {@code
 * uploads:<batch>} carries every stage of every file of a batch.
 */
public final class UploadsApp implements App {
  private static final Logger LOG = Logger.getLogger(UploadsApp.class.getName());
  static final String NAMESPACE = "uploads";

  /**
   * Publications one file can cause: received, processing at 0 % and once decoded, one per variant,
   * the end (done, failed or cancelled) and one cancel request from a client (a second one is
   * refused).
   */
  static final int EVENTS_PER_FILE = 5 + Variant.values().length;

  /** How often the retention sweep runs, by the injected clock. */
  static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

  private final Vertx vertx;
  private final UploadRoutes routes;
  private final Processor processor;
  private final WorkerExecutor workers;
  private final UploadFiles files;
  private final long timer;

  private UploadsApp(
      Vertx vertx,
      UploadRoutes routes,
      Processor processor,
      WorkerExecutor workers,
      UploadFiles files,
      Sweep retention) {
    this.vertx = vertx;
    this.routes = routes;
    this.processor = processor;
    this.workers = workers;
    this.files = files;
    this.timer =
        vertx.setPeriodic(
            1000,
            id -> {
              retention.tick();
              routes.sweep();
            });
  }

  /**
   * The {@code uploads} namespace unless the operator configured one: public (the batch id is the
   * capability), clients may publish (only {@code cancel}, see {@link CancelGuard}), and history
   * for every event of a full batch, so a follower who subscribes after the upload answered replays
   * them all.
   */
  static NamespaceOptions namespace(UploadsOptions options) {
    return NamespaceOptions.DEFAULT
        .withClientPublish(true)
        .withHistory(options.maxFiles() * EVENTS_PER_FILE, Duration.ofHours(1));
  }

  /**
   * Wires the app, and processes again what a stopped server left unfinished. Blocks on the class
   * path and the data directory: call it while the server starts.
   */
  public static UploadsApp start(
      Vertx vertx, Hub hub, Store store, UploadsOptions options, Path dataDir, Clock clock) {
    if (!hub.namespaces().containsKey(NAMESPACE)) {
      hub.namespace(NAMESPACE, namespace(options));
    }
    UploadFiles files =
        new UploadFiles(dataDir.resolve("uploads"), new DiskBudget(options.maxDisk()));
    try {
      Files.createDirectories(files.root());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + files.root() + ": " + e.getMessage(), e);
    }
    measure(vertx, files);
    UploadService service = new UploadService(store, hub, clock);
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("sinal-uploads", options.workers());
    Processor processor =
        new Processor(
            vertx,
            service,
            files,
            workers,
            options.workers(),
            options.maxPixels(),
            new WorkBudget(options));
    hub.guard(NAMESPACE, new CancelGuard(processor));
    service
        .unfinished()
        .onSuccess(
            left -> {
              if (!left.isEmpty()) {
                LOG.info(
                    "processing again "
                        + left.size()
                        + " uploaded files a stopped server left unfinished");
              }
              left.forEach(processor::resume);
            })
        .onFailure(e -> LOG.warning("could not look for unfinished uploads: " + e.getMessage()));
    Retention retention = new Retention(vertx, store, files, options.retention(), clock);
    return new UploadsApp(
        vertx,
        new UploadRoutes(service, processor, files, options, page(), clock),
        processor,
        workers,
        files,
        new Sweep("upload retention", clock, SWEEP_EVERY, retention::sweep));
  }

  /**
   * Counts what the uploads directory holds, on a worker, before any upload is taken: the budget's
   * running total starts from there. Warns when the disk has less room than the budget allows.
   */
  private static void measure(Vertx vertx, UploadFiles files) {
    DiskBudget disk = files.disk();
    try {
      long free =
          vertx
              .executeBlocking(
                  () -> {
                    disk.measure(files.root());
                    return Files.getFileStore(files.root()).getUsableSpace();
                  },
                  false)
              .toCompletionStage()
              .toCompletableFuture()
              .get();
      LOG.info(
          "uploads take "
              + disk.used()
              + " bytes of the "
              + disk.max()
              + " --uploads-max-disk allows");
      if (free < disk.max() - disk.used()) {
        LOG.warning(
            "--uploads-max-disk allows "
                + (disk.max() - disk.used())
                + " more bytes of uploads but the disk of "
                + files.root()
                + " has "
                + free
                + " free: lower it, so uploads cannot fill the disk the store needs");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while measuring " + files.root(), e);
    } catch (ExecutionException e) {
      throw new UncheckedIOException(
          "cannot measure " + files.root() + ": " + e.getCause().getMessage(),
          e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
    }
  }

  private static byte[] page() {
    try (InputStream in =
        UploadsApp.class.getClassLoader().getResourceAsStream("web/uploads/index.html")) {
      if (in == null) {
        throw new IllegalStateException("web/uploads/index.html is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** For tests: holds files between processing steps. */
  void gate(StepGate gate) {
    processor.gate(gate);
  }

  /**
   * For tests: the disk the budget counts as taken, and the budget's own measure of the directory.
   */
  long diskUsed() {
    return files.disk().used();
  }

  Path uploadsDirectory() {
    return files.root();
  }

  @Override
  public void install(Router router) {
    routes.install(router);
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
    workers.close();
  }
}
