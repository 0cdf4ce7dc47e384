package io.sinal.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * Secrets the server generates when none is configured, kept in {@code
 * <data-dir>/secrets.properties} (owner-only) so they survive restarts. A value given by flag or
 * environment always wins.
 */
public final class Secrets {
  public static final String FILE = "secrets.properties";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;
  private final Properties values = new Properties();

  private Secrets(Path file) {
    this.file = file;
  }

  public static Secrets load(Path dataDir) throws IOException {
    Secrets secrets = new Secrets(dataDir.resolve(FILE));
    if (Files.exists(secrets.file)) {
      try (Reader in = Files.newBufferedReader(secrets.file)) {
        secrets.values.load(in);
      }
    }
    return secrets;
  }

  /** The stored value of {@code key}, or null when there is none; generates nothing. */
  public synchronized String get(String key) {
    String value = values.getProperty(key);
    return value == null || value.isBlank() ? null : value;
  }

  /** The stored value of {@code key}, generating and storing a new random one when absent. */
  public synchronized Generated getOrCreate(String key) throws IOException {
    String value = values.getProperty(key);
    if (value != null && !value.isBlank()) {
      return new Generated(value, false);
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    values.setProperty(key, value);
    save();
    return new Generated(value, true);
  }

  private void save() throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(FILE + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(
          tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    }
    try (Writer out = Files.newBufferedWriter(tmp)) {
      values.store(out, "Sinal secrets: keep private");
    }
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  public Path file() {
    return file;
  }

  /** A secret and whether it was generated just now. */
  public record Generated(String value, boolean isNew) {}
}
