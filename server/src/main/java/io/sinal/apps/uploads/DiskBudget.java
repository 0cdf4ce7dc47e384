package io.sinal.apps.uploads;

import io.sinal.hub.SinalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The disk everything under {@code <data-dir>/uploads} takes — received files, variants, the
 * batches' directories — against {@code --uploads-max-disk}. A running total in memory: measured
 * once at start, then charged as bytes are written and given back as files are deleted, so no
 * request ever walks the directory. Every file counts its bytes plus {@link #FILE_OVERHEAD}, every
 * directory that overhead: near what a file system spends on them, so a flood of tiny files is
 * bounded too.
 *
 * <p>Shared by the event loops (receiving) and the workers (variants, deletions): an atomic.
 */
final class DiskBudget {
  /** A block and an inode, about: what a file takes beyond its bytes. */
  static final long FILE_OVERHEAD = 4096;

  private final long max;
  private final AtomicLong used = new AtomicLong();

  DiskBudget(long max) {
    this.max = max;
  }

  /** What a file of {@code bytes} counts for. */
  static long footprint(long bytes) {
    return bytes + FILE_OVERHEAD;
  }

  long max() {
    return max;
  }

  long used() {
    return used.get();
  }

  /** Whether nothing more may be written. */
  boolean full() {
    return used.get() >= max;
  }

  /** Takes {@code bytes} if they fit under the budget, all or nothing. */
  boolean take(long bytes) {
    long now;
    do {
      now = used.get();
      if (now + bytes > max) {
        return false;
      }
    } while (!used.compareAndSet(now, now + bytes));
    return true;
  }

  /**
   * Counts what was written already, fitting or not (a variant: see {@link
   * UploadFiles#writeVariant}).
   */
  void charge(long bytes) {
    used.addAndGet(bytes);
  }

  void give(long bytes) {
    used.updateAndGet(now -> Math.max(0, now - bytes));
  }

  /** The refusal of an upload that finds the budget spent: it keeps nothing of it. */
  static SinalException refusal() {
    return new SinalException(
        UploadError.INSUFFICIENT_STORAGE,
        "the server's storage for uploads is full; nothing of this upload was kept: try again later");
  }

  /** Sets the total to what {@code root} holds now; blocks, so at start and on a worker. */
  void measure(Path root) throws IOException {
    used.set(measured(root));
  }

  /** What everything under {@code root} (not counting itself) counts for; blocks. */
  static long measured(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(p -> !p.equals(root)).mapToLong(DiskBudget::counted).sum();
    }
  }

  private static long counted(Path p) {
    try {
      return Files.isDirectory(p) ? FILE_OVERHEAD : footprint(Files.size(p));
    } catch (IOException e) {
      return 0; // deleted while walking
    }
  }

  /** Holds the disk one upload request writes while it arrives (see {@link Claim}). */
  Claim claim() {
    return new Claim();
  }

  /**
   * What one upload request has written so far. A refused request's files are deleted and then its
   * claim {@link #release released}, giving it all back at once; after that the claim takes and
   * gives nothing, as the request's parts may still be ending. Used on the request's event loop
   * only.
   */
  final class Claim {
    private long held;
    private boolean released;

    /**
     * Takes {@code bytes} before they are written; false when they do not fit or the request was
     * refused.
     */
    boolean take(long bytes) {
      if (released || !DiskBudget.this.take(bytes)) {
        return false;
      }
      held += bytes;
      return true;
    }

    /** A file of the request was deleted while it arrived (refused alone, say). */
    void give(long bytes) {
      if (!released) {
        held -= bytes;
        DiskBudget.this.give(bytes);
      }
    }

    /** The request was refused and its directory deleted: everything it held is free. */
    void release() {
      if (!released) {
        released = true;
        DiskBudget.this.give(held);
      }
    }
  }
}
