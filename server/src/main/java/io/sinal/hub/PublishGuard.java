package io.sinal.hub;

import io.vertx.core.Future;

/**
 * An application's say over what clients publish in one of its namespaces: it validates (and may
 * store or rewrite) a client's publication before the hub fans it out. Server API publishes do not
 * pass through it: the backend is trusted.
 */
@FunctionalInterface
public interface PublishGuard {
  /**
   * Accepts a client publication, completing with the data to publish (the same or rewritten, e.g.
   * with a server id and timestamp once stored), or fails with a {@link SinalException} the client
   * is told. Must not block: storing goes to a worker.
   */
  Future<Object> accept(Identity who, ChannelName channel, String type, Object data);
}
