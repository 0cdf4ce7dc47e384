package io.sinal;

import io.sinal.api.ApiRoutes;
import io.sinal.apps.App;
import io.sinal.auth.ApiKey;
import io.sinal.auth.Origins;
import io.sinal.auth.Tokens;
import io.sinal.config.Secrets;
import io.sinal.config.SinalConfig;
import io.sinal.hub.Hub;
import io.sinal.hub.memory.MemoryBroker;
import io.sinal.hub.memory.MemoryPresence;
import io.sinal.protocol.CommandDispatcher;
import io.sinal.session.Connections;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/** The server: {@link #create}, {@link #start}, {@link #port}, {@link #stop}. The only class that picks implementations. */
public final class Sinal {
  private static final Logger LOG = Logger.getLogger(Sinal.class.getName());

  private final SinalConfig config;
  private final Clock clock;
  private Vertx vertx;
  private Hub hub;
  private Tokens tokens;
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

  /** Starts listening; blocks the calling thread until the server is up (call it from main or a test). */
  public Sinal start() {
    Secrets secrets;
    String jwtSecret;
    try {
      Files.createDirectories(config.dataDir());
      secrets = Secrets.load(config.dataDir());
      apiKey = config.apiKey() != null ? config.apiKey() : announce(secrets.getOrCreate("api_key"), "API key", secrets);
      jwtSecret = config.jwtSecret() != null ? config.jwtSecret() : secrets.getOrCreate("jwt_secret").value();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use data directory " + config.dataDir() + ": " + e.getMessage(), e);
    }
    int loops = config.eventLoops() > 0 ? config.eventLoops() : 2 * Runtime.getRuntime().availableProcessors();
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
    String nodeId = UUID.randomUUID().toString().substring(0, 8);
    hub = new Hub(new MemoryBroker(clock), new MemoryPresence(), clock, nodeId, config.maxMessageSize());
    config.namespaces().forEach(hub::namespace);
    tokens = new Tokens(vertx, jwtSecret);
    Connections connections = new Connections();
    ServerVerticle.Shared shared = new ServerVerticle.Shared(
        config, hub, tokens, new Origins(config.allowedOrigins()), connections,
        new CommandDispatcher(hub, tokens), new ApiRoutes(hub, new ApiKey(apiKey), connections, config.maxMessageSize()),
        apps);
    // Every instance listens on the same port and Vert.x spreads connections across them. Instances
    // asking for port 0 would each get a different one, so a free port is chosen first.
    port = config.port() != 0 ? config.port() : freePort(config.host());
    Future<String> deployed =
        vertx.deployVerticle(() -> new ServerVerticle(shared, port), new DeploymentOptions().setInstances(loops));
    try {
      deployed.toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      vertx.close();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": " + cause.getMessage(), cause);
    }
    LOG.info("Sinal node " + nodeId + " listening on http://" + config.host() + ":" + port + "/ with " + loops + " event loops\n" + config.describe());
    return this;
  }

  private static int freePort(String host) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + host, e);
    }
  }

  private static String announce(Secrets.Generated secret, String what, Secrets secrets) {
    if (secret.isNew()) {
      LOG.info(what + " generated and stored in " + secrets.file() + ": " + secret.value());
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

  public Vertx vertx() {
    return vertx;
  }

  /** Closes every connection (clients are told to reconnect) and stops; blocks until done. */
  public void stop() {
    if (vertx == null) {
      return;
    }
    apps.forEach(App::close);
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      LOG.warning("stop: " + e.getMessage());
    }
    vertx = null;
  }
}
