package io.sinal.hub.redis;

import io.sinal.hub.Presence;
import io.sinal.hub.PresenceContract;
import io.sinal.testing.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link Presence} contract on the local Redis, under a prefix of its own: each node has a
 * Vert.x of its own (its refresh timer), and a node dies by closing it. Connections' entries live 3
 * s unrefreshed.
 */
class RedisPresenceContractTest extends PresenceContract {
  private final TestRedis redis = new TestRedis();
  private final Map<Presence, Vertx> nodes = new IdentityHashMap<>();

  @Override
  protected Presence open() {
    Vertx vertx = Vertx.vertx();
    Presence presence =
        new RedisPresence(
            vertx,
            Redis.createClient(vertx, TestRedis.URL),
            redis.prefix,
            clock,
            Duration.ofSeconds(3));
    nodes.put(presence, vertx);
    return presence;
  }

  @Override
  protected Presence openAnotherNode() {
    return open();
  }

  @Override
  protected void stop(Presence node) throws Exception {
    TestRedis.await(nodes.remove(node).close());
  }

  @Override
  protected void cleanUp() throws Exception {
    List<Vertx> running = new ArrayList<>(nodes.values());
    for (Vertx vertx : running) {
      TestRedis.await(vertx.close());
    }
    redis.close();
  }
}
