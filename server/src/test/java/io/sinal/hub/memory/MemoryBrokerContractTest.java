package io.sinal.hub.memory;

import io.sinal.hub.Broker;
import io.sinal.hub.BrokerContract;

/** The {@link Broker} contract on the memory broker; a loss is a restart without a snapshot. */
class MemoryBrokerContractTest extends BrokerContract {
  @Override
  protected Broker open(Broker.Handler handler) {
    MemoryBroker broker = new MemoryBroker(clock);
    broker.start(handler);
    return broker;
  }

  @Override
  protected Broker lose(Broker broker) throws Exception {
    result(broker.close());
    return open(handler);
  }

  @Override
  protected Broker openWithHistoryBudget(Broker.Handler handler, long bytes) {
    MemoryBroker broker = new MemoryBroker(clock, MemoryBroker.DEFAULT_MAX_IDLE_CHANNELS, bytes);
    broker.start(handler);
    return broker;
  }
}
