package io.sinal.apps.uploads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where uploads live on disk: {@code <data-dir>/uploads/<batch>/<file>.upload} for what was received and
 * {@code <file>-<variant>} (e.g. {@code 3-640.jpg}) for the outputs. Every name is built from a checked
 * batch id, a file number and a {@link Variant}: a client's file name never reaches a path.
 */
final class UploadFiles {
  /** Batch ids: 22 letters and digits (131 random bits). */
  static final Pattern BATCH_ID = Pattern.compile("[A-Za-z0-9]{22}");

  private final Path root;

  UploadFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
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

  /** Deletes what processing wrote for the file, and the received bytes; blocks, so on a worker. */
  void deleteAll(String batch, int file) throws IOException {
    for (Variant v : Variant.values()) {
      Files.deleteIfExists(variant(batch, file, v));
    }
    deleteOriginal(batch, file);
  }

  /** Blocks. */
  void deleteOriginal(String batch, int file) throws IOException {
    Files.deleteIfExists(original(batch, file));
  }
}
