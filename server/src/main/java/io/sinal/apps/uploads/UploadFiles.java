package io.sinal.apps.uploads;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where uploads live on disk: {@code <data-dir>/uploads/<batch>/<file>.upload} for what was
 * received and {@code <file>-<variant>} (e.g. {@code 3-640.jpg}) for the outputs. Every name is
 * built from a checked batch id, a file number and a {@link Variant}: a client's file name never
 * reaches a path.
 *
 * <p>What is written and deleted here is counted in the {@link DiskBudget}, except the files of a
 * request while it arrives, which its {@link DiskBudget.Claim} counts. Every method that touches
 * the disk blocks, so it runs on a worker.
 */
final class UploadFiles {
  /** Batch ids: 22 letters and digits (131 random bits). */
  static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9]{22}");

  /** Writes a variant to its path; returns the bytes written. */
  @FunctionalInterface
  interface Writer {
    long write(Path target) throws IOException;
  }

  private final Path root;
  private final DiskBudget disk;

  UploadFiles(Path root, DiskBudget disk) {
    this.root = root.toAbsolutePath().normalize();
    this.disk = disk;
  }

  Path root() {
    return root;
  }

  DiskBudget disk() {
    return disk;
  }

  Path batch(String batch) {
    if (!BATCH_ID.matcher(batch).matches()) {
      throw new IllegalArgumentException("not a batch id");
    }
    return root.resolve(batch);
  }

  Path original(String batch, int file) {
    return batch(batch).resolve(file + ".upload");
  }

  Path variant(String batch, int file, Variant variant) {
    return batch(batch).resolve(file + "-" + variant.fileName());
  }

  /**
   * Writes one output, counting what it takes. Refused with {@link Reason#INSUFFICIENT_STORAGE}
   * while the budget is spent, so the budget is passed at most by the outputs being written at that
   * moment, one per worker.
   */
  long writeVariant(String batch, int file, Variant variant, Writer writer) throws IOException {
    Path target = variant(batch, file, variant);
    delete(target); // left by a run a stop interrupted, and counted at start
    if (disk.full()) {
      throw new Rejected(
          Reason.INSUFFICIENT_STORAGE, "the server's storage for uploads is full; try again later");
    }
    try {
      return writer.write(target);
    } finally {
      if (Files.exists(target)) {
        disk.charge(DiskBudget.footprint(Files.size(target)));
      }
    }
  }

  /** Deletes what processing wrote for the file, and the received bytes. */
  void deleteAll(String batch, int file) throws IOException {
    for (Variant v : Variant.values()) {
      delete(variant(batch, file, v));
    }
    deleteOriginal(batch, file);
  }

  void deleteOriginal(String batch, int file) throws IOException {
    delete(original(batch, file));
  }

  /**
   * Deletes the batch's directory with everything in it (past its retention, or an orphan),
   * counted.
   */
  void deleteBatch(String batch) throws IOException {
    Path dir = batch(batch);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        delete(p);
      }
    } catch (NoSuchFileException e) {
      return;
    }
    if (Files.deleteIfExists(dir)) {
      disk.give(DiskBudget.FILE_OVERHEAD);
    }
  }

  /**
   * Deletes the directory of a refused request, which its claim counts, not the budget: returns
   * normally once nothing of it is left (or there never was), so the claim may be released.
   */
  void deleteRefused(String batch) throws IOException {
    Path dir = batch(batch);
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path p : entries) {
        Files.deleteIfExists(p);
      }
    } catch (NoSuchFileException e) {
      return;
    }
    Files.deleteIfExists(dir);
  }

  /** Batch directories in which no file was created or deleted since {@code before}. */
  List<String> unchangedSince(Instant before) throws IOException {
    List<String> unchanged = new ArrayList<>();
    try (DirectoryStream<Path> dirs =
        Files.newDirectoryStream(
            root, p -> BATCH_ID.matcher(p.getFileName().toString()).matches())) {
      for (Path dir : dirs) {
        if (Files.isDirectory(dir) && Files.getLastModifiedTime(dir).toInstant().isBefore(before)) {
          unchanged.add(dir.getFileName().toString());
        }
      }
    }
    return unchanged;
  }

  /** Whether no byte was written to any file of the batch since {@code before}, either. */
  boolean untouchedSince(String batch, Instant before) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(batch(batch))) {
      for (Path p : entries) {
        if (!Files.getLastModifiedTime(p).toInstant().isBefore(before)) {
          return false;
        }
      }
    } catch (NoSuchFileException e) {
      return false;
    }
    return true;
  }

  /** Deletes one file if it is there, giving what it counted back to the budget. */
  private void delete(Path p) throws IOException {
    long size;
    try {
      size = Files.size(p);
    } catch (NoSuchFileException e) {
      return;
    }
    if (Files.deleteIfExists(p)) {
      disk.give(DiskBudget.footprint(size));
    }
  }
}
