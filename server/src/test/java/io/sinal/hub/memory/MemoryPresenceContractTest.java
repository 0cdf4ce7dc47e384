package io.sinal.hub.memory;

import io.sinal.hub.Presence;
import io.sinal.hub.PresenceContract;

/** The {@link Presence} contract in one node's memory. */
class MemoryPresenceContractTest extends PresenceContract {
  @Override
  protected Presence open() {
    return new MemoryPresence(clock);
  }
}
