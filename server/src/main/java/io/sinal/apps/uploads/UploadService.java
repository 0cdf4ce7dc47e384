package io.sinal.apps.uploads;

import io.sinal.hub.Hub;
import io.sinal.hub.Publication;
import io.sinal.hub.SinalException;
import io.sinal.store.Store;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.jdbi.v3.core.Handle;

/**
 * Batches and the life of their files: every change is stored first (state, and the event in {@code
 * upload_event}) and then published on {@code uploads:<batch>}, so the store is the truth that
 * polling reads and the channel is its notification. Publishing may fail (the event is then only in
 * the store, and followers see the next event's seq jump and reload); it never undoes the change.
 *
 * <p>One file's events are stored and published one after the other, by one writer at a time: its
 * request while it arrives, then its worker, or a cancel that finds it still waiting — the
 * conditional updates of {@link UploadRepository} decide which.
 */
final class UploadService {
  private static final Logger LOG = Logger.getLogger(UploadService.class.getName());

  private final Store store;
  private final Hub hub;
  private final Clock clock;

  UploadService(Store store, Hub hub, Clock clock) {
    this.store = store;
    this.hub = hub;
    this.clock = clock;
  }

  /**
   * A new batch: what the request's answer says, and the channel position its events start after.
   */
  record Created(String batch, List<JsonObject> events, String epoch) {}

  /**
   * Stores the batch and the first event of every file, then publishes those events in file order.
   */
  Future<Created> create(String batch, List<Arrival> arrivals) {
    Instant now = now();
    return store
        .transaction(
            h -> {
              UploadRepository.insertBatch(h, batch, now);
              List<JsonObject> events = new ArrayList<>();
              for (Arrival a : arrivals) {
                events.add(UploadRepository.insertFile(h, batch, a, now));
              }
              return events;
            })
        .compose(
            events ->
                publishAll(new FileRef(batch, 0).channel(), events, 0, null)
                    .map(epoch -> new Created(batch, events, epoch)));
  }

  private Future<String> publishAll(
      String channel, List<JsonObject> events, int from, String epoch) {
    if (from == events.size()) {
      return Future.succeededFuture(epoch);
    }
    return publish(channel, events.get(from))
        .compose(
            p -> publishAll(channel, events, from + 1, p == null ? epoch : p.position().epoch()));
  }

  /** The outcome of a step a worker finished: its event, or the file's cancellation, which wins. */
  record Step(JsonObject event, boolean cancelled) {}

  /**
   * Claims a received file for processing ({@code processing 0%}). Empty when a cancel got there
   * first; a cancel that was only requested (the file was processing when a server stopped) is
   * applied.
   */
  Future<Step> start(FileRef f) {
    Instant now = now();
    return store
        .transaction(
            h -> {
              if (UploadRepository.advance(
                  h, f.batch(), f.file(), FileState.RECEIVED, FileState.PROCESSING, true, now)) {
                return new Step(
                    UploadRepository.recordEvent(h, f.batch(), f.file(), Event.processing(0)),
                    false);
              }
              if (UploadRepository.advance(
                  h, f.batch(), f.file(), FileState.RECEIVED, FileState.CANCELLED, false, now)) {
                return new Step(
                    UploadRepository.recordEvent(h, f.batch(), f.file(), Event.cancelled()), true);
              }
              return null;
            })
        .compose(step -> published(f, step));
  }

  /** The format the file was received as. */
  Future<ImageFormat> format(FileRef f) {
    return store.call(h -> UploadRepository.find(h, f.batch(), f.file()).orElseThrow().format());
  }

  /**
   * Records a finished step (with {@code also} in the same transaction), unless a cancel is
   * pending: then the file becomes cancelled instead and the step's outputs are forgotten.
   */
  Future<Step> step(FileRef f, FileState to, Event event, Consumer<Handle> also) {
    Instant now = now();
    return store
        .transaction(
            h -> {
              if (UploadRepository.advance(
                  h, f.batch(), f.file(), FileState.PROCESSING, to, true, now)) {
                also.accept(h);
                return new Step(UploadRepository.recordEvent(h, f.batch(), f.file(), event), false);
              }
              if (!UploadRepository.advance(
                  h, f.batch(), f.file(), FileState.PROCESSING, FileState.CANCELLED, false, now)) {
                throw new IllegalStateException("file " + f + " is no longer processing");
              }
              UploadRepository.deleteVariants(h, f.batch(), f.file());
              return new Step(
                  UploadRepository.recordEvent(h, f.batch(), f.file(), Event.cancelled()), true);
            })
        .compose(step -> published(f, step));
  }

  /** A processing file failed: its variants are forgotten, the reason kept. */
  Future<Step> fail(FileRef f, Rejected rejected) {
    Instant now = now();
    return store
        .transaction(
            h -> {
              if (!UploadRepository.advance(
                  h, f.batch(), f.file(), FileState.PROCESSING, FileState.FAILED, false, now)) {
                throw new IllegalStateException("file " + f + " is no longer processing");
              }
              UploadRepository.setReason(h, f.batch(), f.file(), rejected);
              UploadRepository.deleteVariants(h, f.batch(), f.file());
              return new Step(
                  UploadRepository.recordEvent(
                      h, f.batch(), f.file(), Event.failed(rejected, null, 0)),
                  false);
            })
        .compose(step -> published(f, step));
  }

  /** What a cancel did. */
  enum Cancel {
    /** The file was waiting: it is cancelled now. */
    CANCELLED,
    /** The file is processing: it stops at its next step. */
    REQUESTED,
    /** A cancel of this processing file was requested before. */
    ALREADY_REQUESTED
  }

  /**
   * Cancels a file; fails with {@link UploadError#NOT_FOUND} or {@link
   * UploadError#ALREADY_FINISHED}.
   */
  Future<Cancel> cancel(FileRef f) {
    Instant now = now();
    return store
        .transaction(
            h -> {
              if (UploadRepository.advance(
                  h, f.batch(), f.file(), FileState.RECEIVED, FileState.CANCELLED, false, now)) {
                return new Step(
                    UploadRepository.recordEvent(h, f.batch(), f.file(), Event.cancelled()), true);
              }
              if (UploadRepository.requestCancel(h, f.batch(), f.file())) {
                return new Step(null, false);
              }
              FileState state =
                  UploadRepository.find(h, f.batch(), f.file())
                      .orElseThrow(
                          () ->
                              new SinalException(
                                  UploadError.NOT_FOUND,
                                  "no file " + f.file() + " in batch " + f.batch()))
                      .state();
              if (state.finished()) {
                throw new SinalException(
                    UploadError.ALREADY_FINISHED,
                    "file " + f.file() + " is already " + state.wire());
              }
              return null;
            })
        .compose(
            step -> {
              if (step == null) {
                return Future.succeededFuture(Cancel.ALREADY_REQUESTED);
              }
              return published(f, step).map(step.cancelled() ? Cancel.CANCELLED : Cancel.REQUESTED);
            });
  }

  /**
   * {@code GET /uploads/<batch>}: the batch from the store, with every file's state, variants and
   * events.
   */
  Future<JsonObject> snapshot(String batch) {
    return store.call(
        h -> {
          if (!UploadRepository.batchExists(h, batch)) {
            throw new SinalException(UploadError.NOT_FOUND, "no batch '" + batch + "'");
          }
          return new JsonObject()
              .put("batch", batch)
              .put("channel", new FileRef(batch, 0).channel())
              .put("files", UploadRepository.files(h, batch));
        });
  }

  /** Whether the variant was written and recorded (so it is complete, and not cancelled). */
  Future<Boolean> variantExists(FileRef f, Variant variant) {
    return store.call(
        h -> UploadRepository.variantExists(h, f.batch(), f.file(), variant.fileName()));
  }

  /** Files a stopped server left unfinished, to process again from the start. */
  Future<List<FileRef>> unfinished() {
    return store.transaction(UploadRepository::requeue);
  }

  private Future<Step> published(FileRef f, Step step) {
    if (step == null || step.event() == null) {
      return Future.succeededFuture(step);
    }
    return publish(f.channel(), step.event()).map(step);
  }

  /**
   * Publishes one stored event; completes with null when the hub refused it (logged, never failed).
   */
  private Future<Publication> publish(String channel, JsonObject event) {
    return hub.publish(channel, event.getString("stage"), event)
        .recover(
            e -> {
              LOG.warning(
                  "publishing "
                      + event.getString("stage")
                      + " of "
                      + channel
                      + " file "
                      + event.getValue("file")
                      + " failed; the store has it: "
                      + e.getMessage());
              return Future.succeededFuture();
            });
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }
}
