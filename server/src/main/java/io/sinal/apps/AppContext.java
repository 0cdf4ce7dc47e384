package io.sinal.apps;

import io.sinal.auth.Tokens;
import io.sinal.config.AppOptions;
import io.sinal.hub.Hub;
import io.sinal.store.Store;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * What the server gives an app when it starts it: the hub's public API, the application store,
 * connection tokens, the injected clock, and the app's own options and secrets.
 *
 * @param dataDir the server's data directory; an app keeps its files in a folder named for it
 * @param maxMessageSize the largest publication data the hub accepts, in bytes
 * @param secrets the app's {@link AppOptions#secrets()} by key: as configured, else generated and
 *     kept in the data directory
 */
public record AppContext(
    Vertx vertx,
    Hub hub,
    Store store,
    Tokens tokens,
    Clock clock,
    Path dataDir,
    int maxMessageSize,
    AppOptions options,
    Map<String, String> secrets) {
  public AppContext {
    Objects.requireNonNull(
        options, "the app's options (the configuration holds every app's, from Main.parse)");
    secrets = Map.copyOf(secrets);
  }

  /** The app's options, as its flags made them. */
  public <T extends AppOptions> T options(Class<T> type) {
    return type.cast(options);
  }

  /** The secret the app declared under {@code key}. */
  public String secret(String key) {
    String value = secrets.get(key);
    if (value == null) {
      throw new IllegalStateException("secret '" + key + "' was not declared by the app's options");
    }
    return value;
  }
}
