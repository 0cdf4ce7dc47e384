package io.sinal.apps;

import io.vertx.ext.web.Router;

/**
 * A reference application living in the server process. Apps use the hub only through its public
 * API ({@link io.sinal.hub.Hub}), as an outside backend would, and never reach into transports.
 */
public interface App {
  /** Adds the app's routes; called once per event loop, each with its own router. */
  void install(Router router);

  /** Releases what the app holds (pools, timers); called once when the server stops. */
  default void close() {}
}
