package io.sinal.session;

/**
 * Per-connection bounds.
 *
 * @param maxSubscriptions channels one connection (or one SSE/poll request) may follow
 * @param maxQueuedBytes bytes waiting for a connection that is not reading before it is dropped as
 *     a slow consumer
 */
public record SessionLimits(int maxSubscriptions, int maxQueuedBytes) {}
