package io.sinal.apps.uploads;

import io.sinal.apps.RateLimiter;
import io.sinal.http.HttpErrors;
import io.sinal.http.ReadDeadlines;
import io.sinal.hub.SinalException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The routes under {@code /uploads} (docs/apps/uploads.md), and the one place upload errors become
 * HTTP answers. Paths match only well-formed ids, so {@code /uploads/uploads.js} and the other page
 * assets fall through to the static files.
 */
final class UploadRoutes {
  private static final String BATCH = "/uploads/(?<batch>[A-Za-z0-9]{22})";
  private static final String FILE = BATCH + "/(?<file>[1-9][0-9]{0,2})";
  private static final String ALPHANUMERIC =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final UploadService service;
  private final Processor processor;
  private final UploadFiles files;
  private final UploadsOptions options;
  private final byte[] page;

  /** Bytes each client address sent lately, all it sent counting, kept or not. */
  private final RateLimiter sent;

  UploadRoutes(
      UploadService service,
      Processor processor,
      UploadFiles files,
      UploadsOptions options,
      byte[] page,
      Clock clock) {
    this.service = service;
    this.processor = processor;
    this.files = files;
    this.options = options;
    this.page = page;
    this.sent = new RateLimiter(options.clientBytesPerHour(), Duration.ofHours(1), clock);
  }

  /** Forgets the byte counts of clients back at their full allowance; called every second. */
  void sweep() {
    sent.sweep();
  }

  void install(Router router) {
    router.get("/uploads").handler(this::page);
    router.post("/uploads").handler(this::upload);
    router.getWithRegex(BATCH).handler(this::show);
    router.getWithRegex(FILE + "/(?<variant>[a-z0-9]{1,8}\\.(?:jpg|png))").handler(this::variant);
    router.deleteWithRegex(FILE).handler(this::cancel);
  }

  private void page(RoutingContext ctx) {
    // a fresh Buffer per answer: one Buffer written from several event loops at once is not safe
    ctx.response().putHeader("content-type", "text/html; charset=utf-8").end(Buffer.buffer(page));
  }

  private void upload(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    // A batch of big files on a slow link may take long: it must only keep moving (--idle-timeout).
    ReadDeadlines.streamingBody(request);
    String type = request.getHeader("content-type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      fail(
          ctx,
          new SinalException(UploadError.BAD_REQUEST, "send the images as multipart/form-data"));
      return;
    }
    String batch = randomId();
    FileSystem fs = ctx.vertx().fileSystem();
    String client = request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
    Map<Integer, Long> costs = new HashMap<>();
    DiskBudget.Claim disk = files.disk().claim();
    SinalException early = admit(client, request.getHeader("content-length"));
    (early != null
            ? Future.<List<Arrival>>failedFuture(early)
            : Receiver.receive(
                request, fs, files, batch, options, disk, chunk -> bytesOver(client, chunk)))
        .compose(
            arrivals ->
                measure(ctx, batch, arrivals)
                    .map(
                        measured -> {
                          costs.putAll(measured);
                          processor.budget().reserve(client, List.copyOf(measured.values()));
                          return arrivals;
                        }))
        .compose(
            arrivals ->
                service
                    .create(batch, arrivals)
                    .onFailure(
                        e ->
                            costs
                                .values()
                                .forEach(cost -> processor.budget().release(client, cost))))
        .onSuccess(
            created -> {
              JsonArray answer = new JsonArray();
              for (JsonObject e : created.events()) {
                answer.add(
                    new JsonObject()
                        .put("id", e.getInteger("file"))
                        .put("name", e.getString("name"))
                        .put("bytes", e.getLong("bytes"))
                        .put("state", e.getString("stage"))
                        .put("reason_code", e.getString("reason_code"))
                        .put("reason", e.getString("reason")));
              }
              String channel = new FileRef(batch, 0).channel();
              ctx.response().putHeader("location", "/uploads/" + batch);
              json(
                  ctx,
                  202,
                  new JsonObject()
                      .put("batch", batch)
                      .put("channel", channel)
                      // the position before the batch's first event: a cursor that replays all of
                      // them
                      .put(
                          "cursor",
                          created.epoch() == null ? null : channel + "~" + created.epoch() + "~0")
                      .put("files", answer));
              for (JsonObject e : created.events()) {
                if (e.getString("stage").equals("received")) {
                  processor.submit(
                      new FileRef(batch, e.getInteger("file")),
                      client,
                      costs.get(e.getInteger("file")));
                }
              }
            })
        // Answered once the batch's files are gone, so a refusal means nothing of it is kept.
        .onFailure(
            e ->
                ctx.vertx()
                    .executeBlocking(
                        () -> {
                          files.deleteRefused(batch);
                          return null;
                        },
                        false)
                    .onComplete(
                        deleted -> {
                          if (deleted.succeeded()) {
                            disk.release(); // else the bytes stay counted until the orphan sweep
                            // deletes them
                          }
                          fail(ctx, e);
                          if (!request.isEnded()) {
                            // refused before its end: the rest of the body is not worth reading
                            request.connection().close();
                          }
                        }));
  }

  /**
   * The refusals known before any byte is read: the disk budget spent, the client's hourly bytes
   * spent, or a declared {@code Content-Length} over what is left of either.
   */
  private SinalException admit(String client, String contentLength) {
    long declared;
    try {
      declared = contentLength == null ? 0 : Math.max(0, Long.parseLong(contentLength.trim()));
    } catch (NumberFormatException e) {
      declared = 0; // Vert.x refuses such a request itself
    }
    // past max-request-size it is cut off anyway (303); its size tells nothing about the budgets
    long needed = Math.min(declared, options.maxRequestSize());
    DiskBudget disk = files.disk();
    if (disk.full() || disk.used() + needed > disk.max()) {
      return DiskBudget.refusal();
    }
    return tooManyBytes(sent.waitFor(client, Math.max(1, needed)));
  }

  /** Takes one chunk of the client's hourly bytes: the refusal once they are spent, else null. */
  private SinalException bytesOver(String client, long chunk) {
    return tooManyBytes(sent.take(client, chunk));
  }

  private SinalException tooManyBytes(long waitMillis) {
    if (waitMillis == 0) {
      return null;
    }
    long seconds = (waitMillis + 999) / 1000;
    return new SinalException(
        UploadError.TOO_MANY_BYTES,
        "your address may send "
            + options.clientBytesPerHour()
            + " bytes of uploads an hour, and this upload does not fit in what is left; nothing of it was kept:"
            + " try again in "
            + seconds
            + " s",
        seconds);
  }

  /**
   * The work each received file would cost ({@link WorkBudget#cost}), from its header alone, on a
   * worker: file ids to pixels. Files refused on arrival are not processed and cost nothing.
   */
  private Future<Map<Integer, Long>> measure(
      RoutingContext ctx, String batch, List<Arrival> arrivals) {
    return ctx.vertx()
        .executeBlocking(
            () -> {
              Map<Integer, Long> costs = new HashMap<>();
              for (Arrival a : arrivals) {
                if (a.failure() == null) {
                  long declared;
                  try {
                    declared = ImageWork.declaredPixels(files.original(batch, a.id()), a.format());
                  } catch (IOException e) {
                    declared = -1; // processing will say what is wrong with it
                  }
                  costs.put(
                      a.id(), WorkBudget.cost(declared > options.maxPixels() ? -1 : declared));
                }
              }
              return costs;
            },
            false);
  }

  private void show(RoutingContext ctx) {
    service
        .snapshot(ctx.pathParam("batch"))
        .onSuccess(batch -> json(ctx, 200, batch))
        .onFailure(e -> fail(ctx, e));
  }

  private void variant(RoutingContext ctx) {
    FileRef f = file(ctx);
    Variant variant = Variant.ofFileName(ctx.pathParam("variant"));
    if (variant == null) {
      fail(ctx, notFound("no variant '" + ctx.pathParam("variant") + "'"));
      return;
    }
    service
        .variantExists(f, variant)
        .onSuccess(
            exists -> {
              if (!exists) {
                fail(
                    ctx,
                    notFound(
                        "file "
                            + f.file()
                            + " of batch "
                            + f.batch()
                            + " has no "
                            + variant.fileName()));
                return;
              }
              ctx.response()
                  .putHeader("content-type", variant.contentType())
                  // a variant never changes; it may only disappear with its batch
                  .putHeader("cache-control", "private, max-age=86400")
                  .sendFile(files.variant(f.batch(), f.file(), variant).toString())
                  .onFailure(
                      e ->
                          fail(
                              ctx,
                              notFound(
                                  "file "
                                      + f.file()
                                      + " of batch "
                                      + f.batch()
                                      + " has no "
                                      + variant.fileName())));
            })
        .onFailure(e -> fail(ctx, e));
  }

  private void cancel(RoutingContext ctx) {
    FileRef f = file(ctx);
    processor
        .cancel(f)
        .onSuccess(
            result -> {
              boolean now = result == UploadService.Cancel.CANCELLED;
              json(
                  ctx,
                  now ? 200 : 202,
                  new JsonObject()
                      .put("batch", f.batch())
                      .put("file", f.file())
                      .put("state", now ? FileState.CANCELLED.wire() : FileState.PROCESSING.wire())
                      .put("cancel_requested", true));
            })
        .onFailure(e -> fail(ctx, e));
  }

  private static FileRef file(RoutingContext ctx) {
    return new FileRef(ctx.pathParam("batch"), Integer.parseInt(ctx.pathParam("file")));
  }

  private static SinalException notFound(String message) {
    return new SinalException(UploadError.NOT_FOUND, message);
  }

  /** 22 characters of 62 (131 bits): the batch id is the capability to follow and cancel it. */
  private static String randomId() {
    StringBuilder s = new StringBuilder(22);
    for (int i = 0; i < 22; i++) {
      s.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
    }
    return s.toString();
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body.encode());
  }

  /**
   * Upload refusals with their own codes, in the protocol's error shape; anything else through
   * HttpErrors.
   */
  private static void fail(RoutingContext ctx, Throwable failure) {
    HttpErrors.send(ctx, failure);
  }
}
