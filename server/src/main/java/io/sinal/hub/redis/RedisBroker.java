package io.sinal.hub.redis;

import io.sinal.hub.Broker;
import io.sinal.hub.ChannelName;
import io.sinal.hub.ErrorCode;
import io.sinal.hub.HistoryResult;
import io.sinal.hub.NamespaceOptions;
import io.sinal.hub.Publication;
import io.sinal.hub.Push;
import io.sinal.hub.SinalException;
import io.sinal.hub.StreamPosition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;

/**
 * A broker shared by every node through Redis. Per channel: a hash {@code <prefix>{channel}:meta}
 * holding the epoch and the last offset, a stream {@code <prefix>{channel}:stream} holding the
 * history (entry id {@code <offset>-1}, trimmed to the history size, expiring after the TTL), and a
 * pub/sub channel {@code <prefix>pub:<channel>} for fan-out. One Lua script assigns the offset,
 * appends and publishes, so offsets are gapless and ordered across nodes. Every node
 * pattern-subscribes to all publications and keeps those it has subscribers for.
 *
 * <p>Reads store nothing: a channel without a meta hash answers offset 0 in its group's empty epoch
 * ({@code <prefix>epochs}), which its first publication continues. Published channels are listed in
 * {@code <prefix>known}, scored by when their history expires; every node trims that list a few
 * times a second to {@code maxIdleChannels} channels without live history ({@code trim.lua}), as
 * {@code MemoryBroker} does in memory.
 *
 * <p>When the subscription connection is lost the node cannot deliver any more: the hub is told
 * ({@link Handler#onUnavailable()}) so clients reconnect and resume later, and the connection is
 * retried every second. Publishing while Redis is unreachable fails with {@code not_available}:
 * nothing is acknowledged that was not stored.
 */
public final class RedisBroker implements Broker {
  private static final Logger LOG = Logger.getLogger(RedisBroker.class.getName());
  private static final long RETRY_MILLIS = 1000;

  /**
   * How often this node trims the idle channels, and how many one run may forget (a short script).
   */
  private static final long TRIM_MILLIS = 250;

  private static final int TRIM_BUDGET = 1000;

  private final Vertx vertx;
  private final Redis client;
  private final RedisOptions options;
  private final String prefix;
  private final Clock clock;
  private final Script publish = Script.load("publish.lua");
  private final Script history = Script.load("history.lua");
  private final Script trim = Script.load("trim.lua");
  private final int maxIdleChannels;
  private final long trimTimer;
  private volatile Handler handler;
  private volatile RedisConnection subscriber;
  private volatile boolean closed;

  public RedisBroker(Vertx vertx, String url, String prefix, Clock clock, int maxIdleChannels) {
    this.vertx = vertx;
    this.options =
        new RedisOptions().setConnectionString(url).setMaxPoolSize(8).setMaxPoolWaiting(1024);
    this.client = Redis.createClient(vertx, options);
    this.prefix = prefix;
    this.clock = clock;
    this.maxIdleChannels = maxIdleChannels;
    this.trimTimer = vertx.setPeriodic(TRIM_MILLIS, id -> trimIdle());
  }

  /**
   * Forgets channels without live history past the bound; failures (Redis away) wait for the next
   * run.
   */
  private void trimIdle() {
    List<String> args =
        List.of(
            Long.toString(clock.millis()),
            Integer.toString(maxIdleChannels),
            Integer.toString(TRIM_BUDGET),
            prefix,
            StreamPosition.newEpoch());
    trim.run(client, List.of(known(), epochs()), args)
        .onFailure(e -> LOG.fine("idle channels not trimmed: " + e.getMessage()));
  }

  /** The command client, shared with presence. */
  public Redis client() {
    return client;
  }

  @Override
  public void start(Handler handler) {
    this.handler = handler;
  }

  /** Opens the subscription connection; the future fails if Redis cannot be reached now. */
  public Future<Void> connect() {
    return Redis.createClient(vertx, options)
        .connect()
        .compose(
            connection -> {
              connection.handler(this::onMessage);
              connection.exceptionHandler(e -> lost(connection, e.getMessage()));
              connection.endHandler(v -> lost(connection, "connection closed"));
              return connection
                  .send(
                      Request.cmd(Command.PSUBSCRIBE).arg(prefix + "pub:*").arg(prefix + "push:*"))
                  .onSuccess(r -> subscriber = connection)
                  .mapEmpty();
            });
  }

  private void lost(RedisConnection connection, String why) {
    if (subscriber != connection || closed) {
      return;
    }
    subscriber = null;
    LOG.warning(
        "Redis subscription lost ("
            + why
            + "); clients are told to reconnect, retrying every second");
    handler.onUnavailable();
    retry();
  }

  private void retry() {
    if (closed) {
      return;
    }
    vertx.setTimer(
        RETRY_MILLIS,
        t -> connect().onSuccess(v -> LOG.info("Redis subscription back")).onFailure(e -> retry()));
  }

  /** Whether this node currently receives what other nodes publish. */
  public boolean subscribed() {
    return subscriber != null;
  }

  private void onMessage(Response message) {
    if (message.size() < 4 || !"pmessage".equals(message.get(0).toString())) {
      return;
    }
    String pubsubChannel = message.get(2).toString();
    byte[] payload = message.get(3).toBytes();
    int newline = indexOf(payload, (byte) '\n');
    String header = new String(payload, 0, newline, StandardCharsets.UTF_8);
    byte[] body = java.util.Arrays.copyOfRange(payload, newline + 1, payload.length);
    if (pubsubChannel.startsWith(prefix + "pub:")) {
      String channel = pubsubChannel.substring(prefix.length() + 4);
      String[] h = header.split(" ");
      handler.onPublication(
          new Publication(channel, Long.parseLong(h[0]), h[1], h[3], Long.parseLong(h[2]), body));
    } else {
      String channel = pubsubChannel.substring(prefix.length() + 5);
      handler.onPush(new Push(header, channel, null, body));
    }
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    throw new IllegalArgumentException("no header in broker message");
  }

  private String meta(String channel) {
    return prefix + "{" + channel + "}:meta";
  }

  private String stream(String channel) {
    return prefix + "{" + channel + "}:stream";
  }

  private String epochs() {
    return prefix + "epochs";
  }

  private String known() {
    return prefix + "known";
  }

  @Override
  public Future<Publication> publish(
      ChannelName channel, String type, String dataJson, NamespaceOptions opts) {
    long ts = clock.millis();
    List<String> args =
        List.of(
            StreamPosition.newEpoch(),
            Long.toString(ts),
            Json.encode(channel.value()),
            Json.encode(type),
            dataJson,
            Integer.toString(opts.historySize()),
            Long.toString(Math.max(1, opts.historyTtl().toSeconds())),
            prefix + "pub:" + channel.value(),
            type,
            channel.value());
    return publish
        .run(
            client,
            List.of(meta(channel.value()), stream(channel.value()), epochs(), known()),
            args)
        .map(
            r ->
                new Publication(
                    channel.value(),
                    r.get(0).toLong(),
                    r.get(1).toString(),
                    type,
                    ts,
                    r.get(2).toBytes()))
        .recover(RedisBroker::unavailable);
  }

  @Override
  public Future<HistoryResult> history(
      ChannelName channel, long afterOffset, int limit, NamespaceOptions opts) {
    List<String> args =
        List.of(
            StreamPosition.newEpoch(),
            Long.toString(afterOffset),
            Integer.toString(limit),
            channel.value());
    long oldest = clock.millis() - opts.historyTtl().toMillis();
    return history
        .run(client, List.of(meta(channel.value()), stream(channel.value()), epochs()), args)
        .map(
            r -> {
              StreamPosition position = new StreamPosition(r.get(0).toString(), r.get(1).toLong());
              List<Publication> publications = new ArrayList<>(r.size() - 2);
              for (int i = 2; i < r.size(); i++) {
                byte[] bytes = r.get(i).toBytes();
                JsonObject envelope = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
                long ts = envelope.getLong("ts");
                if (ts >= oldest) {
                  publications.add(
                      new Publication(
                          channel.value(),
                          envelope.getLong("offset"),
                          envelope.getString("epoch"),
                          envelope.getString("type"),
                          ts,
                          bytes));
                }
              }
              if (afterOffset < 0) {
                Collections.reverse(publications);
              }
              return new HistoryResult(position, publications);
            })
        .recover(RedisBroker::unavailable);
  }

  @Override
  public void push(Push push) {
    byte[] header = (push.event() + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] payload = new byte[header.length + push.bytes().length];
    System.arraycopy(header, 0, payload, 0, header.length);
    System.arraycopy(push.bytes(), 0, payload, header.length, push.bytes().length);
    client
        .send(Request.cmd(Command.PUBLISH).arg(prefix + "push:" + push.channel()).arg(payload))
        .onFailure(e -> LOG.fine("push not sent: " + e.getMessage()));
  }

  /** A readiness check: Redis answers and this node receives publications. */
  public Future<Void> ping() {
    if (subscriber == null) {
      return Future.failedFuture("Redis subscription down");
    }
    return client.send(Request.cmd(Command.PING)).mapEmpty();
  }

  @Override
  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(trimTimer);
    RedisConnection s = subscriber;
    subscriber = null;
    if (s != null) {
      s.close();
    }
    return client.close();
  }

  static <T> Future<T> unavailable(Throwable e) {
    if (!(e instanceof SinalException)) {
      LOG.warning("Redis command failed: " + e.getMessage());
    }
    return Future.failedFuture(
        e instanceof SinalException
            ? e
            : new SinalException(
                ErrorCode.NOT_AVAILABLE,
                "the broker (Redis) is unavailable: nothing was stored; retry later"));
  }

  /** A Lua script from the class path, run by its SHA with a fallback to loading it. */
  static final class Script {
    private final String source;
    private volatile String sha;

    private Script(String source) {
      this.source = source;
    }

    static Script load(String name) {
      try (InputStream in = RedisBroker.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException(name + " is missing from the class path");
        }
        return new Script(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Future<Response> run(Redis client, List<String> keys, List<String> args) {
      String known = sha;
      if (known == null) {
        return client
            .send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(source))
            .compose(
                r -> {
                  sha = r.toString();
                  return run(client, keys, args);
                });
      }
      Request request = Request.cmd(Command.EVALSHA).arg(known).arg(keys.size());
      keys.forEach(request::arg);
      args.forEach(request::arg);
      return client
          .send(request)
          .recover(
              e -> {
                if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                  sha = null; // Redis restarted and forgot it
                  return run(client, keys, args);
                }
                return Future.failedFuture(e);
              });
    }
  }
}
