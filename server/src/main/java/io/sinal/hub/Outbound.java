package io.sinal.hub;

/**
 * Something written to a client: one JSON object, encoded once and shared by every connection it
 * goes to.
 */
public interface Outbound {
  /** The encoded JSON object, UTF-8; never contains a raw newline. Shared: never modify it. */
  byte[] bytes();

  /** The SSE event name: the publication's type, or the push's name; null for command replies. */
  String event();
}
