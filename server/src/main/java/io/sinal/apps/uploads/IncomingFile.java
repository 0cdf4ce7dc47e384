package io.sinal.apps.uploads;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerFileUpload;
import java.nio.file.Path;

/**
 * One file part of an upload request, streamed to disk as it arrives (never whole in memory) under
 * a name the server chose. Its first bytes decide whether it is an image at all; an upload that is
 * not, or that grows past the size limit, stops being written and the rest of it is read and
 * dropped, so the other files of the request still arrive. Runs on the request's event loop.
 */
final class IncomingFile {
  /** What the part's bytes cost its request, told as they come (see {@link Receiver}). */
  interface Ledger {
    /** Every chunk, written or dropped. */
    void read(int bytes);

    /**
     * Before {@code bytes} are written (or a file created): false refuses them, and the part writes
     * nothing more.
     */
    boolean write(long bytes);

    /**
     * The part's file was deleted (it was refused): what {@link #write} took for it is free again.
     */
    void deleted(long bytes);
  }

  private final int id;
  private final String name;
  private final HttpServerFileUpload upload;
  private final FileSystem fs;
  private final Path path;
  private final long maxSize;
  private final Ledger ledger;
  private final Promise<Arrival> arrived = Promise.promise();
  private final Buffer head = Buffer.buffer(ImageFormat.SNIFF_BYTES);
  private AsyncFile file;
  private ImageFormat format;
  private Rejected failure;
  private long size;

  /**
   * What {@link Ledger#write} took for this file: its overhead once created, and every byte
   * written.
   */
  private long written;

  private IncomingFile(
      int id, HttpServerFileUpload upload, FileSystem fs, Path path, long maxSize, Ledger ledger) {
    this.id = id;
    this.name = Arrival.displayName(upload.filename());
    this.upload = upload;
    this.fs = fs;
    this.path = path;
    this.maxSize = maxSize;
    this.ledger = ledger;
  }

  /**
   * Starts receiving; completes once the part has ended and its file is closed (or deleted). The
   * {@code ledger} hears of every chunk, and is asked before anything is written.
   */
  static Future<Arrival> receive(
      int id, HttpServerFileUpload upload, FileSystem fs, Path path, long maxSize, Ledger ledger) {
    IncomingFile incoming = new IncomingFile(id, upload, fs, path, maxSize, ledger);
    upload.handler(incoming::data);
    upload.endHandler(v -> incoming.end());
    upload.exceptionHandler(incoming::broken);
    if (!incoming.claim(DiskBudget.FILE_OVERHEAD)) {
      return incoming.arrived.future(); // nothing is created: the rest is read and dropped
    }
    // No data until the file is open; the part's bytes wait in the connection meanwhile.
    upload.pause();
    fs.open(path.toString(), new OpenOptions().setWrite(true).setCreateNew(true))
        .onSuccess(
            opened -> {
              incoming.file = opened;
              upload.resume();
            })
        .onFailure(incoming.arrived::tryFail);
    return incoming.arrived.future();
  }

  private void data(Buffer chunk) {
    ledger.read(chunk.length());
    size += chunk.length();
    if (failure != null) {
      return;
    }
    if (size > maxSize) {
      refuse(
          new Rejected(
              Reason.TOO_LARGE, "the file is larger than the limit of " + maxSize + " bytes"));
      return;
    }
    if (format == null) {
      head.appendBuffer(chunk);
      if (head.length() >= ImageFormat.SNIFF_BYTES) {
        sniff();
      }
      return;
    }
    write(chunk);
  }

  private void sniff() {
    format = ImageFormat.sniff(head.getBytes());
    if (format == null) {
      refuse(
          new Rejected(
              Reason.NOT_AN_IMAGE,
              size == 0
                  ? "the file is empty"
                  : "the content is not a JPEG, PNG or GIF image, whatever its name says"));
    } else {
      write(head);
    }
  }

  private void write(Buffer chunk) {
    if (!claim(chunk.length())) {
      return;
    }
    file.write(chunk);
    if (file.writeQueueFull()) {
      upload.pause();
      file.drainHandler(v -> upload.resume());
    }
  }

  /**
   * Stops writing; the file is deleted at the end, and the rest of the part is read and dropped.
   */
  private void refuse(Rejected why) {
    failure = why;
  }

  /**
   * Asks the ledger for {@code bytes} of disk; without them the part is refused (and so is its
   * request).
   */
  private boolean claim(long bytes) {
    if (ledger.write(bytes)) {
      written += bytes;
      return true;
    }
    refuse(new Rejected(Reason.INSUFFICIENT_STORAGE, "the server's upload storage is full"));
    return false;
  }

  /**
   * The request broke off (client gone, request refused): the caller deletes the batch's directory.
   */
  private void broken(Throwable cause) {
    if (file != null) {
      file.close();
    }
    arrived.tryFail(cause);
  }

  private void end() {
    if (failure == null && format == null) {
      sniff(); // shorter than the sniffing window
    }
    Arrival arrival = new Arrival(id, name, size, failure == null ? format : null, failure);
    if (file == null) {
      arrived.tryComplete(arrival); // never created: the disk was full
      return;
    }
    Future<Void> closed = file.close();
    if (failure != null) {
      closed =
          closed.compose(v -> fs.delete(path.toString())).onSuccess(v -> ledger.deleted(written));
    }
    closed.onSuccess(v -> arrived.tryComplete(arrival)).onFailure(arrived::tryFail);
  }
}
