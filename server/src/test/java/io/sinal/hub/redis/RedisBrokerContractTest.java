package io.sinal.hub.redis;

import io.sinal.hub.Broker;
import io.sinal.hub.BrokerContract;
import io.sinal.testing.TestRedis;

/**
 * The {@link Broker} contract on the local Redis (127.0.0.1:6379), under a prefix of its own; a
 * loss is every key of the deployment gone, as after a Redis restart without persistence.
 */
class RedisBrokerContractTest extends BrokerContract {
  private final TestRedis redis = new TestRedis();

  @Override
  protected void cleanUp() throws Exception {
    redis.close();
  }

  @Override
  protected Broker open(Broker.Handler handler) throws Exception {
    RedisBroker broker = new RedisBroker(redis.vertx, TestRedis.URL, redis.prefix, clock, 100_000);
    broker.start(handler);
    result(broker.connect());
    return broker;
  }

  @Override
  protected Broker lose(Broker broker) throws Exception {
    redis.deleteAll();
    return broker;
  }
}
