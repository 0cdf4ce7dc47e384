package io.sinal.hub;

/**
 * The subscribers of one event loop, as the hub sees them. The hub calls these from any thread; an
 * implementation hands the work to its own event loop and returns at once.
 */
public interface Delivery {
  void publication(Publication publication);

  void push(Push push);

  /** Ends every connection of this loop with {@code disconnect}. */
  void closeAll(Disconnect disconnect);
}
