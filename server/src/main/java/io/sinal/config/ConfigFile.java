package io.sinal.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Options from a properties file ({@code --config} / {@code SINAL_CONFIG}): keys are flag names
 * without the dashes ({@code port=9000}, {@code
 * namespace=chat:presence=true;orders:access=private}). Precedence: flag, then environment
 * variable, then this file, then the built-in default.
 */
public final class ConfigFile implements IDefaultValueProvider {
  private final Properties values = new Properties();

  private ConfigFile(Path file) {
    try (Reader in = Files.newBufferedReader(file)) {
      values.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The file named by {@code --config} in {@code args}, else by SINAL_CONFIG; null when neither.
   */
  public static ConfigFile from(String[] args) {
    String path = System.getenv("SINAL_CONFIG");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        path = args[i + 1];
      } else if (args[i].startsWith("--config=")) {
        path = args[i].substring("--config=".length());
      }
    }
    return path == null || path.isBlank() ? null : new ConfigFile(Path.of(path));
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option)) {
      return null;
    }
    String name = option.longestName().replaceFirst("^--", "");
    // The option's environment variable, when set, wins: picocli then reads it through the default.
    if (System.getenv(envName(name)) != null) {
      return null;
    }
    return values.getProperty(name);
  }

  /** SINAL_ and the flag name in upper snake case; list-valued flags take a plural. */
  static String envName(String flag) {
    String env = "SINAL_" + flag.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    return switch (flag) {
      case "namespace", "allowed-origin" -> env + "S";
      default -> env;
    };
  }
}
