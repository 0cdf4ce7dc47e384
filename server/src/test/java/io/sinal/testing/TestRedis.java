package io.sinal.testing;

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
 * The local Redis (127.0.0.1:6379) for one test: a key prefix no other test uses, whose keys {@link
 * #close} deletes, and a Vert.x of its own for what the test builds without a server.
 */
public final class TestRedis implements AutoCloseable {
  public static final String URL = "redis://127.0.0.1:6379";

  public final Vertx vertx = Vertx.vertx();
  public final String prefix = "test-" + UUID.randomUUID().toString().substring(0, 8) + ":";
  private final Redis client = Redis.createClient(vertx, URL);

  /** The keys under this test's prefix. */
  public List<String> keys() throws Exception {
    List<String> keys = new ArrayList<>();
    await(client.send(Request.cmd(Command.KEYS).arg(prefix + "*")))
        .forEach(k -> keys.add(k.toString()));
    return keys;
  }

  /** Deletes every key under the prefix: what a Redis restarted without persistence has lost. */
  public void deleteAll() throws Exception {
    List<String> keys = keys();
    if (!keys.isEmpty()) {
      Request del = Request.cmd(Command.DEL);
      keys.forEach(del::arg);
      await(client.send(del));
    }
  }

  public Response send(Request request) throws Exception {
    return await(client.send(request));
  }

  public static <T> T await(Future<T> future) throws Exception {
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
