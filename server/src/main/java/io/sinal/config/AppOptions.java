package io.sinal.config;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * An app's validated options as {@link SinalConfig} holds them: by the app's name, without knowing
 * the app. The app declares its flags with {@link Flags}, describes its own options for the
 * start-up log and names the secrets it needs; the server checks, generates and hands them over.
 */
public interface AppOptions {
  /**
   * One line per option for {@link SinalConfig#describe}: the flag without its dashes, and the
   * value, secrets masked.
   */
  void describe(BiConsumer<String, String> line);

  /** The secrets the app needs, each an HMAC key; none by default. */
  default List<Secret> secrets() {
    return List.of();
  }

  /** A secret masked as the start-up log masks every other. */
  static String mask(String secret) {
    return SinalConfig.mask(secret);
  }

  /**
   * An app's command-line flags: {@code @Option} fields (flag, {@code SINAL_…} variable, default),
   * which the command line adds as a mixin, so they are config-file keys and {@code --help} lines
   * like the core's. A new object per command line: parsing fills its fields.
   */
  interface Flags {
    /**
     * The options, validated: every message names the flag and the bad value. {@code host} is
     * {@code --host}.
     */
    AppOptions toOptions(String host);
  }

  /**
   * A secret an app needs.
   *
   * @param key its name in the data directory's secrets file, where the server generates and keeps
   *     one when none is configured
   * @param flag the option configuring it, named when it is too short
   * @param value as configured; null means "read or generate it in the data directory"
   */
  record Secret(String key, String flag, String value) {}
}
