package io.sinal.apps.uploads;

import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Receives the multipart body of one {@code POST /uploads} into the batch's directory: each file part
 * through an {@link IncomingFile}. Parts past {@code --uploads-max-files} are read and dropped, and the
 * request then fails as a whole; a body past {@link UploadsOptions#maxRequestSize()} fails at once.
 * Form fields that are not files are ignored. Runs on the request's event loop.
 */
final class Receiver {
  private final FileSystem fs;
  private final UploadFiles files;
  private final String batch;
  private final UploadsOptions options;
  private final List<Future<Arrival>> parts = new ArrayList<>();
  private final Promise<List<Arrival>> received = Promise.promise();
  private long bytes;

  private Receiver(FileSystem fs, UploadFiles files, String batch, UploadsOptions options) {
    this.fs = fs;
    this.files = files;
    this.batch = batch;
    this.options = options;
  }

  /**
   * Reads the request; completes with one arrival per file part, in order, once every file is on disk.
   * Call it from the request's handler, before it returns: the body must not start flowing earlier.
   */
  static Future<List<Arrival>> receive(HttpServerRequest request, FileSystem fs, UploadFiles files, String batch, UploadsOptions options) {
    Receiver receiver = new Receiver(fs, files, batch, options);
    request.setExpectMultipart(true);
    request.uploadHandler(receiver::part);
    request.exceptionHandler(e -> receiver.received.tryFail(refusal(e, receiver.parts.size(), options)));
    request.endHandler(v -> receiver.end());
    // The batch's directory first: no part may arrive before it exists.
    request.pause();
    fs.mkdirs(files.batch(batch).toString())
        .onSuccess(v -> request.resume())
        .onFailure(receiver.received::tryFail);
    return receiver.received.future();
  }

  /**
   * The multipart decoder's own refusals as the request's precise errors: it stops at a bound on parts
   * (128 by default, above {@code --uploads-max-files}) and on the bytes of one part's headers, and
   * on a body that is not multipart, before our own counts can say so. Anything else (the client
   * went away) stays as it is.
   */
  private static Throwable refusal(Throwable e, int parts, UploadsOptions options) {
    if (e instanceof HttpPostRequestDecoder.TooManyFormFieldsException) {
      return new UploadException(UploadError.TOO_MANY_FILES, "a batch holds at most " + options.maxFiles()
          + " files; this request had more than " + Math.max(parts, options.maxFiles()) + " parts");
    }
    if (e instanceof HttpPostRequestDecoder.TooLongFormFieldException) {
      return new UploadException(UploadError.BAD_REQUEST, "a part's headers or a form field are too long");
    }
    if (e instanceof HttpPostRequestDecoder.ErrorDataDecoderException) {
      return new UploadException(UploadError.BAD_REQUEST, "the multipart/form-data body is malformed");
    }
    return e;
  }

  private void part(HttpServerFileUpload upload) {
    int id = parts.size() + 1;
    if (id > options.maxFiles()) {
      parts.add(Future.succeededFuture(null));
      upload.handler(chunk -> count(chunk.length()));
      return;
    }
    parts.add(IncomingFile.receive(id, upload, fs, files.original(batch, id), options.maxFileSize(), this::count));
  }

  private void count(int chunk) {
    bytes += chunk;
    if (bytes > options.maxRequestSize()) {
      received.tryFail(new UploadException(UploadError.REQUEST_TOO_LARGE,
          "the request is larger than " + options.maxRequestSize() + " bytes"));
    }
  }

  private void end() {
    Future.all(parts).onComplete(ar -> {
      if (ar.failed()) {
        received.tryFail(ar.cause());
        return;
      }
      if (parts.isEmpty()) {
        received.tryFail(new UploadException(UploadError.BAD_REQUEST, "no file in the request; send images as multipart/form-data file parts"));
      } else if (parts.size() > options.maxFiles()) {
        received.tryFail(new UploadException(UploadError.TOO_MANY_FILES,
            "a batch holds at most " + options.maxFiles() + " files; this request had " + parts.size()));
      } else {
        received.tryComplete(parts.stream().map(Future::result).toList());
      }
    });
  }
}
