package io.sinal.apps.uploads;

import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.sinal.hub.SinalException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Receives the multipart body of one {@code POST /uploads} into the batch's directory: each file
 * part through an {@link IncomingFile}. Parts past {@code --uploads-max-files} are read and
 * dropped, and the request then fails as a whole; a body past {@link
 * UploadsOptions#maxRequestSize()}, past the client's hourly bytes or past the disk budget fails at
 * once, and its parts write nothing more. Form fields that are not files are ignored. Runs on the
 * request's event loop.
 */
final class Receiver implements IncomingFile.Ledger {
  private final FileSystem fs;
  private final UploadFiles files;
  private final String batch;
  private final UploadsOptions options;
  private final DiskBudget.Claim disk;
  private final LongFunction<SinalException> sent;
  private final List<Future<Arrival>> parts = new ArrayList<>();
  private final Promise<List<Arrival>> received = Promise.promise();
  private long bytes;

  private Receiver(
      FileSystem fs,
      UploadFiles files,
      String batch,
      UploadsOptions options,
      DiskBudget.Claim disk,
      LongFunction<SinalException> sent) {
    this.fs = fs;
    this.files = files;
    this.batch = batch;
    this.options = options;
    this.disk = disk;
    this.sent = sent;
  }

  /**
   * Reads the request; completes with one arrival per file part, in order, once every file is on
   * disk. What it writes is taken from {@code disk}; {@code sent} hears of every chunk read and
   * answers the refusal once the client is over its bytes (null while it is not). Call it from the
   * request's handler, before it returns: the body must not start flowing earlier.
   */
  static Future<List<Arrival>> receive(
      HttpServerRequest request,
      FileSystem fs,
      UploadFiles files,
      String batch,
      UploadsOptions options,
      DiskBudget.Claim disk,
      LongFunction<SinalException> sent) {
    Receiver receiver = new Receiver(fs, files, batch, options, disk, sent);
    request.setExpectMultipart(true);
    request.uploadHandler(receiver::part);
    request.exceptionHandler(
        e -> receiver.received.tryFail(refusal(e, receiver.parts.size(), options)));
    request.endHandler(v -> receiver.end());
    if (!receiver.write(DiskBudget.FILE_OVERHEAD)) {
      return receiver.received.future(); // no directory: the body is read and dropped
    }
    // The batch's directory first: no part may arrive before it exists.
    request.pause();
    fs.mkdirs(files.batch(batch).toString())
        .onSuccess(v -> request.resume())
        .onFailure(receiver.received::tryFail);
    return receiver.received.future();
  }

  /**
   * The multipart decoder's own refusals as the request's precise errors: it stops at a bound on
   * parts (128 by default, above {@code --uploads-max-files}) and on the bytes of one part's
   * headers, and on a body that is not multipart, before our own counts can say so. Anything else
   * (the client went away) stays as it is.
   */
  private static Throwable refusal(Throwable e, int parts, UploadsOptions options) {
    if (e instanceof HttpPostRequestDecoder.TooManyFormFieldsException) {
      return new SinalException(
          UploadError.TOO_MANY_FILES,
          "a batch holds at most "
              + options.maxFiles()
              + " files; this request had more than "
              + Math.max(parts, options.maxFiles())
              + " parts");
    }
    if (e instanceof HttpPostRequestDecoder.TooLongFormFieldException) {
      return new SinalException(
          UploadError.BAD_REQUEST, "a part's headers or a form field are too long");
    }
    if (e instanceof HttpPostRequestDecoder.ErrorDataDecoderException) {
      return new SinalException(
          UploadError.BAD_REQUEST, "the multipart/form-data body is malformed");
    }
    return e;
  }

  private void part(HttpServerFileUpload upload) {
    int id = parts.size() + 1;
    // Once refused, no part creates a file: the directory is being deleted
    if (id > options.maxFiles() || received.future().isComplete()) {
      parts.add(Future.succeededFuture(null));
      upload.handler(chunk -> read(chunk.length()));
      return;
    }
    parts.add(
        IncomingFile.receive(
            id, upload, fs, files.original(batch, id), options.maxFileSize(), this));
  }

  @Override
  public void read(int chunk) {
    bytes += chunk;
    if (bytes > options.maxRequestSize()) {
      received.tryFail(
          new SinalException(
              UploadError.REQUEST_TOO_LARGE,
              "the request is larger than " + options.maxRequestSize() + " bytes"));
    } else if (!received.future().isComplete()) {
      SinalException over = sent.apply(chunk);
      if (over != null) {
        received.tryFail(over);
      }
    }
  }

  @Override
  public boolean write(long chunk) {
    if (received.future().isComplete()) {
      return false;
    }
    if (disk.take(chunk)) {
      return true;
    }
    received.tryFail(DiskBudget.refusal());
    return false;
  }

  @Override
  public void deleted(long chunk) {
    disk.give(chunk);
  }

  private void end() {
    Future.all(parts)
        .onComplete(
            ar -> {
              if (ar.failed()) {
                received.tryFail(ar.cause());
                return;
              }
              if (parts.isEmpty()) {
                received.tryFail(
                    new SinalException(
                        UploadError.BAD_REQUEST,
                        "no file in the request; send images as multipart/form-data file parts"));
              } else if (parts.size() > options.maxFiles()) {
                received.tryFail(
                    new SinalException(
                        UploadError.TOO_MANY_FILES,
                        "a batch holds at most "
                            + options.maxFiles()
                            + " files; this request had "
                            + parts.size()));
              } else {
                received.tryComplete(parts.stream().map(Future::result).toList());
              }
            });
  }
}
