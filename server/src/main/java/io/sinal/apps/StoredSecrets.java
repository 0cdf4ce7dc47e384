package io.sinal.apps;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The secrets a server generated and keeps in its data directory, for an app's commands that act
 * beside it.
 */
@FunctionalInterface
public interface StoredSecrets {
  /**
   * The secret kept under {@code key} in {@code dataDir}, or null when there is none; never
   * generates one.
   */
  String read(Path dataDir, String key) throws IOException;
}
