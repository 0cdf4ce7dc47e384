package io.sinal.apps.uploads;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns received files into their variants, at most {@code workers} files at a time; the others
 * wait in a queue, holding nothing but their ids. Image work runs on the app's worker pool, never
 * an event loop; between steps a file's state is stored and published (see {@link UploadService}),
 * which is where a requested cancel takes effect: the step's outputs and the received bytes are
 * deleted.
 *
 * <p>What waits is bounded by the {@link WorkBudget} the batch was admitted under: each file gives
 * its work back when it finishes, or when a cancel takes it out of the queue.
 *
 * <p>Steps: decode (after the pixel-count check), then one per {@link Variant}, then done. A {@link
 * Rejected} or any other failure fails only that file.
 */
final class Processor {
  private static final Logger LOG = Logger.getLogger(Processor.class.getName());

  private final Vertx vertx;
  private final UploadService service;
  private final UploadFiles files;
  private final WorkerExecutor workers;
  private final int limit;
  private final long maxPixels;
  private final WorkBudget budget;
  private volatile StepGate gate = StepGate.NONE;

  /** Files waiting for a worker; guarded by {@code this}, as submits come from every event loop. */
  private final Deque<Work> queue = new ArrayDeque<>();

  private int running;

  /**
   * A file to process, and the work it holds in the budget: {@code cost} pixels of {@code client}.
   */
  private record Work(FileRef file, String client, long cost) {}

  Processor(
      Vertx vertx,
      UploadService service,
      UploadFiles files,
      WorkerExecutor workers,
      int limit,
      long maxPixels,
      WorkBudget budget) {
    this.vertx = vertx;
    this.service = service;
    this.files = files;
    this.workers = workers;
    this.limit = limit;
    this.maxPixels = maxPixels;
    this.budget = budget;
  }

  WorkBudget budget() {
    return budget;
  }

  void gate(StepGate gate) {
    this.gate = gate;
  }

  /** Queues a file whose {@code cost} the client's batch reserved in the budget. */
  void submit(FileRef file, String client, long cost) {
    synchronized (this) {
      queue.add(new Work(file, client, cost));
    }
    pump();
  }

  /**
   * Queues a file a stopped server left unfinished: it was admitted before, so it reserves nothing.
   */
  void resume(FileRef file) {
    submit(file, "", 0);
  }

  /**
   * Cancels a file (see {@link UploadService#cancel}); one that was still waiting is cancelled at
   * once and its received bytes deleted before this completes. A processing one stops at its next
   * step.
   */
  Future<UploadService.Cancel> cancel(FileRef f) {
    return service
        .cancel(f)
        .compose(
            result ->
                result != UploadService.Cancel.CANCELLED
                    ? Future.succeededFuture(result)
                    : vertx.executeBlocking(
                        () -> {
                          dequeue(f);
                          files.deleteAll(f.batch(), f.file());
                          return result;
                        },
                        false));
  }

  /**
   * Takes a cancelled file out of the queue, so its work is given back now rather than at its turn.
   */
  private void dequeue(FileRef f) {
    Work removed = null;
    synchronized (this) {
      for (Iterator<Work> i = queue.iterator(); i.hasNext() && removed == null; ) {
        Work w = i.next();
        if (w.file().equals(f)) {
          removed = w;
          i.remove();
        }
      }
    }
    if (removed != null) {
      budget.release(removed.client(), removed.cost());
    }
  }

  private void pump() {
    while (true) {
      Work next;
      synchronized (this) {
        if (running == limit || queue.isEmpty()) {
          return;
        }
        next = queue.poll();
        running++;
      }
      new Job(next.file())
          .run()
          .onComplete(
              ar -> {
                synchronized (this) {
                  running--;
                }
                budget.release(next.client(), next.cost());
                pump();
              });
    }
  }

  /**
   * One file's way through the steps; its callbacks run one after the other, never concurrently.
   */
  private final class Job {
    private final FileRef f;
    private BufferedImage image;
    private BufferedImage resized;

    Job(FileRef f) {
      this.f = f;
    }

    Future<Void> run() {
      return service
          .start(f)
          .compose(
              started -> {
                if (started == null) {
                  return Future.succeededFuture(); // cancelled while it waited
                }
                if (started.cancelled()) {
                  return cleanUp();
                }
                return service
                    .format(f)
                    .compose(
                        format ->
                            blocking(
                                "decode",
                                () ->
                                    ImageWork.decode(
                                        files.original(f.batch(), f.file()), format, maxPixels)))
                    .compose(
                        decoded -> {
                          image = decoded;
                          int w = decoded.getWidth();
                          int h = decoded.getHeight();
                          return service.step(
                              f,
                              FileState.PROCESSING,
                              Event.decoded(w, h),
                              handle ->
                                  UploadRepository.setSize(handle, f.batch(), f.file(), w, h));
                        })
                    .compose(step -> step.cancelled() ? cleanUp() : variant(0))
                    .recover(this::fail);
              })
          .onFailure(
              e ->
                  LOG.log(
                      Level.WARNING,
                      "upload " + f + " could not be processed nor marked failed",
                      e))
          .eventually(
              () -> {
                image = null;
                resized = null;
                return Future.succeededFuture();
              });
    }

    private Future<Void> variant(int index) {
      if (index == Variant.values().length) {
        return service
            .step(f, FileState.DONE, Event.done(), h -> {})
            .compose(
                step ->
                    step.cancelled()
                        ? cleanUp()
                        : background(
                            () -> {
                              files.deleteOriginal(f.batch(), f.file());
                              return null;
                            }));
      }
      Variant v = Variant.values()[index];
      return blocking(
              v.fileName(),
              () -> {
                if (!v.sameSizeAsPrevious()) {
                  resized = ImageWork.resize(image, v);
                }
                return files.writeVariant(
                    f.batch(), f.file(), v, target -> ImageWork.write(resized, v, target));
              })
          .compose(
              bytes -> {
                int w = resized.getWidth();
                int h = resized.getHeight();
                return service.step(
                    f,
                    FileState.PROCESSING,
                    Event.variant(f.batch(), f.file(), v, w, h, bytes),
                    handle ->
                        UploadRepository.insertVariant(
                            handle, f.batch(), f.file(), v, w, h, bytes));
              })
          .compose(step -> step.cancelled() ? cleanUp() : variant(index + 1));
    }

    private Future<Void> fail(Throwable failure) {
      if (failure instanceof InterruptedException
          || failure instanceof RejectedExecutionException) {
        // the server is stopping: the file stays processing, and the next start processes it again
        LOG.info(
            "upload " + f + " stopped with the server; it is processed again at the next start");
        return Future.succeededFuture();
      }
      Rejected rejected;
      if (failure instanceof Rejected r) {
        rejected = r;
      } else {
        LOG.log(Level.WARNING, "processing upload " + f + " failed", failure);
        rejected = new Rejected(Reason.INTERNAL, "the server could not process this image");
      }
      return service.fail(f, rejected).compose(step -> cleanUp());
    }

    /** Removes partial outputs and the received bytes of a cancelled or failed file. */
    private Future<Void> cleanUp() {
      return background(
          () -> {
            files.deleteAll(f.batch(), f.file());
            return null;
          });
    }

    /** One step's work on a worker, after the test gate. */
    private <T> Future<T> blocking(String step, Callable<T> work) {
      return workers.executeBlocking(
          () -> {
            gate.before(f.batch(), f.file(), step);
            return work.call();
          },
          false);
    }

    /** File deletions: Vert.x's own worker pool, so they never wait behind image work. */
    private Future<Void> background(Callable<Void> work) {
      return vertx.executeBlocking(work, false);
    }
  }
}
