package io.sinal.config;

import io.sinal.hub.Access;
import io.sinal.hub.NamespaceOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code --namespace} values: {@code name[:key=value,...]} with keys {@code history}, {@code
 * ttl} (seconds), {@code presence}, {@code publish} (true/false) and {@code access}
 * (public/private/user). {@code *} names the catch-all for namespaces without options.
 */
public final class NamespaceSpec {
  private NamespaceSpec() {}

  public static Map.Entry<String, NamespaceOptions> parse(String spec) {
    int colon = spec.indexOf(':');
    String name = (colon < 0 ? spec : spec.substring(0, colon)).trim();
    if (!name.equals("*") && !name.matches("[A-Za-z0-9_.@#\\-]*")) {
      throw new IllegalArgumentException(
          "bad namespace name '" + name + "' in --namespace " + spec);
    }
    NamespaceOptions options = NamespaceOptions.DEFAULT;
    if (colon >= 0 && colon < spec.length() - 1) {
      int history = options.historySize();
      Duration ttl = options.historyTtl();
      for (String pair : spec.substring(colon + 1).split(",")) {
        String[] kv = pair.split("=", 2);
        if (kv.length != 2) {
          throw new IllegalArgumentException(
              "expected key=value, got '" + pair + "' in --namespace " + spec);
        }
        String key = kv[0].trim();
        String value = kv[1].trim();
        try {
          switch (key) {
            case "history" -> history = Integer.parseInt(value);
            case "ttl" -> ttl = Duration.ofSeconds(Long.parseLong(value));
            case "presence" -> options = options.withPresence(bool(value));
            case "publish" -> options = options.withClientPublish(bool(value));
            case "access" ->
                options = options.withAccess(Access.valueOf(value.toUpperCase(Locale.ROOT)));
            default -> throw new IllegalArgumentException("unknown key '" + key + "'");
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "bad value for '" + key + "' in --namespace " + spec + ": " + e.getMessage());
        }
      }
      options = options.withHistory(history, ttl);
    }
    return Map.entry(name, options);
  }

  private static boolean bool(String value) {
    return switch (value) {
      case "true", "on", "yes" -> true;
      case "false", "off", "no" -> false;
      default -> throw new IllegalArgumentException("expected true or false, got '" + value + "'");
    };
  }

  public static String format(String name, NamespaceOptions o) {
    return name
        + ":history="
        + o.historySize()
        + ",ttl="
        + o.historyTtl().toSeconds()
        + ",presence="
        + o.presence()
        + ",publish="
        + o.clientPublish()
        + ",access="
        + o.access().name().toLowerCase(Locale.ROOT);
  }
}
