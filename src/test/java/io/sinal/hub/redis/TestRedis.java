package io.sinal.hub.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The local Redis for tests without a server: a Vert.x of its own and a key prefix no other test
 * uses, whose keys {@link #close} deletes.
 */
final class TestRedis implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  final Redis client = Redis.createClient(vertx, ClusterTest.REDIS);

  /** The keys under this test's prefix. */
  List<String> keys() throws Exception {
    List<String> keys = new ArrayList<>();
    await(client.send(Request.cmd(Command.KEYS).arg(prefix + "*"))).forEach(k -> keys.add(k.toString()));
    return keys;
  }

  /** Deletes every key under the prefix: what a Redis restarted without persistence has lost. */
  void deleteAll() throws Exception {
    List<String> keys = keys();
    if (!keys.isEmpty()) {
      Request del = Request.cmd(Command.DEL);
      keys.forEach(del::arg);
      await(client.send(del));
    }
  }

  Response send(Request request) throws Exception {
    return await(client.send(request));
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    try {
      deleteAll();
    } finally {
      await(vertx.close());
    }
  }
}
