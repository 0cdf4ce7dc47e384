package io.sinal;

import io.sinal.api.ApiRoutes;
import io.sinal.apps.App;
import io.sinal.apps.AppContext;
import io.sinal.apps.AppFactory;
import io.sinal.apps.chat.ChatFactory;
import io.sinal.apps.pix.PixFactory;
import io.sinal.apps.uploads.UploadsFactory;
import io.sinal.auth.AllowedHosts;
import io.sinal.auth.ApiKey;
import io.sinal.auth.Origins;
import io.sinal.auth.Tokens;
import io.sinal.config.AppOptions;
import io.sinal.config.Secrets;
import io.sinal.config.SinalConfig;
import io.sinal.http.Assets;
import io.sinal.hub.FanOut;
import io.sinal.hub.Hub;
import io.sinal.hub.Publication;
import io.sinal.hub.memory.MemoryBroker;
import io.sinal.hub.memory.MemoryPresence;
import io.sinal.hub.redis.RedisBroker;
import io.sinal.hub.redis.RedisPresence;
import io.sinal.ops.AdminRoutes;
import io.sinal.ops.Health;
import io.sinal.ops.LogFormat;
import io.sinal.ops.Metrics;
import io.sinal.ops.RecentEvents;
import io.sinal.protocol.CommandDispatcher;
import io.sinal.session.Connections;
import io.sinal.session.LoopHub;
import io.sinal.session.PublishRate;
import io.sinal.store.Store;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The server: {@link #create}, {@link #start}, {@link #port}, {@link #stop}. The only class that
 * picks implementations.
 */
public final class Sinal {
  private static final Logger LOG = Logger.getLogger(Sinal.class.getName());

  /** Where a clean stop keeps the in-memory history for the next start. */
  static final String HISTORY_SNAPSHOT = "history.snapshot";

  /**
   * The apps this server runs, in the order they start: the one place that names them. Main adds
   * their flags and commands to the command line; {@link #start} migrates their schemas, then
   * starts each.
   */
  public static final List<AppFactory> APPS =
      List.of(new PixFactory(), new UploadsFactory(), new ChatFactory());

  private final SinalConfig config;
  private final Clock clock;
  private Vertx vertx;
  private Hub hub;

  /** What the broker delivers goes here, and from here to the event loops with subscribers. */
  private final FanOut fanOut = new FanOut();

  private Tokens tokens;
  private MemoryBroker memoryBroker;
  private Store store;
  private Health health;
  private Metrics metrics;
  private String apiKey;
  private int port;
  private final List<App> apps = new ArrayList<>();

  private Sinal(SinalConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  public static Sinal create(SinalConfig config) {
    return new Sinal(config, Clock.systemUTC());
  }

  public static Sinal create(SinalConfig config, Clock clock) {
    return new Sinal(config, clock);
  }

  /**
   * Starts listening; blocks the calling thread until the server is up (call it from main or a
   * test).
   */
  public Sinal start() {
    Secrets secrets;
    String jwtSecret;
    Map<String, Map<String, String>> appSecrets = new HashMap<>();
    try {
      Files.createDirectories(config.dataDir());
      secrets = Secrets.load(config.dataDir());
      apiKey =
          config.apiKey() != null
              ? config.apiKey()
              : announce(secrets.getOrCreate("api_key"), "API key", secrets);
      jwtSecret =
          config.jwtSecret() != null
              ? config.jwtSecret()
              : secrets.getOrCreate("jwt_secret").value();
      for (Map.Entry<String, AppOptions> app : config.apps().entrySet()) {
        appSecrets.put(app.getKey(), secretsOf(app.getValue(), secrets));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot use data directory " + config.dataDir() + ": " + e.getMessage(), e);
    }
    int loops =
        config.eventLoops() > 0
            ? config.eventLoops()
            : Math.min(Runtime.getRuntime().availableProcessors(), FanOut.MAX_LOOPS);
    // epoll where Netty's native library loads (Linux x86_64), NIO elsewhere or with
    // -Dio.netty.transport.noNative=true
    vertx =
        Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops).setPreferNativeTransport(true));
    String nodeId = UUID.randomUUID().toString().substring(0, 8);
    health = new Health(vertx);
    hub = config.cluster().redisUrl() != null ? redisHub(nodeId) : memoryHub(nodeId);
    vertx.setPeriodic(Hub.LEASE_SWEEP_MILLIS, id -> hub.expireLeases());
    RecentEvents<JsonObject> errors = RecentEvents.ofJson(50);
    RecentEvents<Publication> recentPublications =
        new RecentEvents<>(
            20,
            p ->
                new JsonObject()
                    .put("channel", p.channel())
                    .put("offset", p.offset())
                    .put("type", p.type())
                    .put("ts", p.ts())
                    .put("bytes", p.bytes().length));
    hub.observe(recentPublications::add);
    config.namespaces().forEach(hub::namespace);
    try {
      store = Store.open(vertx, config.store(), APPS.stream().map(AppFactory::migrations).toList());
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
    health.register("store", store::ping);
    // Before the apps: the chat mints a token per chosen name.
    tokens = new Tokens(vertx, jwtSecret);
    for (AppFactory app : APPS) {
      apps.add(
          app.start(
              new AppContext(
                  vertx,
                  hub,
                  store,
                  tokens,
                  clock,
                  config.dataDir(),
                  config.maxMessageSize(),
                  config.apps().get(app.name()),
                  appSecrets.get(app.name()))));
    }
    Connections connections =
        new Connections(
            fanOut, config.limits().maxConnections(), config.limits().maxNodeSubscriptions());
    ApiKey key = new ApiKey(apiKey);
    // Created after the apps have registered their health checks, so each check gets a gauge.
    metrics = new Metrics(hub, connections, tokens, key, health, errors);
    List<LoopHub> loopHubs = new CopyOnWriteArrayList<>();
    AdminRoutes admin =
        new AdminRoutes(
            hub,
            connections,
            loopHubs,
            metrics,
            key,
            errors,
            recentPublications,
            config.ops().metricsPort() == 0);
    ServerVerticle.Shared shared =
        new ServerVerticle.Shared(
            config,
            hub,
            fanOut,
            tokens,
            new Origins(config.allowedOrigins(), new AllowedHosts(config.http().allowedHosts())),
            connections,
            new CommandDispatcher(
                hub,
                tokens,
                config.heartbeat().toMillis(),
                new PublishRate(config.limits().clientPublishRate())),
            new ApiRoutes(hub, key, connections, config.maxMessageSize()),
            apps,
            health,
            metrics,
            admin,
            loopHubs,
            Assets.load("web", "sinal.js"));
    // Every instance listens on the same port and Vert.x spreads connections across them. Instances
    // asking for port 0 would each get a different one, so a free port is chosen first.
    port = config.port() != 0 ? config.port() : freePort(config.host());
    Future<String> deployed =
        vertx.deployVerticle(
            () -> new ServerVerticle(shared, port), new DeploymentOptions().setInstances(loops));
    if (config.ops().metricsPort() > 0) {
      Router metricsRouter = Router.router(vertx);
      admin.installMetricsOnly(metricsRouter);
      deployed =
          deployed.compose(
              id ->
                  ServerVerticle.httpServer(vertx, config)
                      .requestHandler(metricsRouter)
                      .listen(config.ops().metricsPort(), config.host())
                      .map(id));
    }
    try {
      deployed.toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      vertx.close();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException(
          "cannot listen on " + config.host() + ":" + config.port() + ": " + cause.getMessage(),
          cause);
    }
    LOG.info(
        "Sinal node "
            + nodeId
            + " listening on http://"
            + config.host()
            + ":"
            + port
            + "/ with "
            + loops
            + " event loops on "
            + (vertx.isNativeTransportEnabled() ? "epoll" : "NIO")
            + "\n"
            + config.describe());
    return this;
  }

  /** One node: streams and presence in this process, history kept across clean restarts. */
  private Hub memoryHub(String nodeId) {
    memoryBroker =
        new MemoryBroker(clock, config.maxIdleChannels(), config.limits().maxHistoryBytes());
    try {
      int restored = memoryBroker.restore(config.dataDir().resolve(HISTORY_SNAPSHOT));
      if (restored > 0) {
        LOG.info("restored the history of " + restored + " channels kept at the last clean stop");
      }
    } catch (IOException | RuntimeException e) {
      LOG.warning("history snapshot unreadable, starting with fresh epochs: " + e.getMessage());
      memoryBroker =
          new MemoryBroker(clock, config.maxIdleChannels(), config.limits().maxHistoryBytes());
    }
    // Expired history is freed whether or not anyone reads the channel again, a slice per tick.
    vertx.setPeriodic(
        MemoryBroker.SWEEP_MILLIS, id -> memoryBroker.sweep(MemoryBroker.SWEEP_BUDGET));
    return new Hub(
        memoryBroker, new MemoryPresence(clock), fanOut, clock, nodeId, config.maxMessageSize());
  }

  /** A cluster node: streams, fan-out and presence in the Redis every node shares. */
  private Hub redisHub(String nodeId) {
    SinalConfig.Cluster cluster = config.cluster();
    RedisBroker broker =
        new RedisBroker(
            vertx, cluster.redisUrl(), cluster.redisPrefix(), clock, config.maxIdleChannels());
    Hub redisHub =
        new Hub(
            broker,
            new RedisPresence(
                vertx, broker.client(), cluster.redisPrefix(), clock, cluster.presenceTtl()),
            fanOut,
            clock,
            nodeId,
            config.maxMessageSize());
    try {
      broker.connect().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException(
          "cannot reach Redis at "
              + SinalConfig.maskUrl(cluster.redisUrl())
              + ": "
              + cause.getMessage(),
          cause);
    }
    health.register("redis", broker::ping);
    return redisHub;
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + host, e);
    }
  }

  /**
   * The secrets an app declared: as configured, else read or generated and kept in the data
   * directory.
   */
  private static Map<String, String> secretsOf(AppOptions app, Secrets secrets) throws IOException {
    Map<String, String> values = new HashMap<>();
    for (AppOptions.Secret secret : app.secrets()) {
      values.put(
          secret.key(),
          secret.value() != null ? secret.value() : secrets.getOrCreate(secret.key()).value());
    }
    return values;
  }

  private static String announce(Secrets.Generated secret, String what, Secrets secrets) {
    if (secret.isNew()) {
      // Printed once on standard output for the person starting the server, never written to the
      // log.
      LOG.info(what + " generated and stored in " + secrets.file());
      System.out.println(
          "Sinal " + what + " (generated, stored in " + secrets.file() + "): " + secret.value());
    }
    return secret.value();
  }

  public int port() {
    return port;
  }

  public Hub hub() {
    return hub;
  }

  public Tokens tokens() {
    return tokens;
  }

  public String apiKey() {
    return apiKey;
  }

  /** The running app of that class (tests reach their app's seams through it). */
  public <T extends App> T app(Class<T> type) {
    return apps.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName() + " running"));
  }

  /** Readiness checks: apps add theirs (the store) before {@link #start} returns. */
  public Health health() {
    return health;
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Drains and stops; blocks until done or the drain timeout: not ready any more, every client told
   * to reconnect after a jittered delay, connections finished, history kept in the data directory.
   */
  public void stop() {
    if (vertx == null) {
      return;
    }
    health.drain();
    try {
      // The server verticles drain first (clients told, connections finished), then the broker
      // closes.
      List<Future<Void>> undeployed = vertx.deploymentIDs().stream().map(vertx::undeploy).toList();
      Future.join(undeployed)
          .toCompletionStage()
          .toCompletableFuture()
          .get(config.ops().drainTimeout().toMillis() + 2000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warning("drain: " + e.getMessage());
    }
    try {
      hub.close()
          .compose(v -> vertx.close())
          .toCompletionStage()
          .toCompletableFuture()
          .get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warning("stop: " + e.getMessage());
    }
    vertx = null;
    apps.forEach(App::close);
    store.close();
    // Nothing publishes any more: keep the history so a restart on this data resumes every client.
    if (memoryBroker != null) {
      try {
        memoryBroker.snapshot(config.dataDir().resolve(HISTORY_SNAPSHOT));
      } catch (IOException e) {
        LOG.warning("could not keep the history for a restart: " + e.getMessage());
      }
    }
    metrics.close();
    LogFormat.last(LOG, "stopped");
  }
}
