package io.sinal;

import io.sinal.apps.AppFactory;
import io.sinal.auth.Tokens;
import io.sinal.config.AppOptions;
import io.sinal.config.ConfigFile;
import io.sinal.config.Secrets;
import io.sinal.config.ServeOptions;
import io.sinal.config.SinalConfig;
import io.sinal.ops.LogFormat;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code java -jar sinal.jar [options]} starts the server; {@code sinal token …} mints a token. */
@Command(
    name = "sinal",
    mixinStandardHelpOptions = true,
    version = "Sinal 0.1.0",
    description =
        "Real-time notification server: WebSocket, SSE, long polling and polling on one channel stream.",
    subcommands = {Main.TokenCommand.class})
public final class Main implements Callable<Integer> {
  @Mixin ServeOptions options;

  /** Each app's flags by its name, added to this command line beside the core's. */
  private final Map<String, AppOptions.Flags> apps = new LinkedHashMap<>();

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line (the server, or a subcommand) and returns its exit code. */
  public static int run(String... args) {
    return commandLine(new Main(), args).execute(args);
  }

  /** Parses server flags as the command line would; for tests and embedding. */
  public static SinalConfig parse(String... args) {
    Main main = new Main();
    commandLine(main, args).parseArgs(args);
    return main.options.toConfig(main.apps);
  }

  // A flag value may be a subcommand's name (--namespace bench): it is still the flag's value. Both
  // settings reach only the subcommands and options added before them, so the apps' come first.
  private static CommandLine commandLine(Main main, String[] args) {
    CommandLine line = new CommandLine(main);
    for (AppFactory app : Sinal.APPS) {
      AppOptions.Flags flags = app.flags();
      main.apps.put(app.name(), flags);
      line.addMixin(app.name(), flags);
      app.commands((dataDir, key) -> Secrets.load(dataDir).get(key)).forEach(line::addSubcommand);
    }
    return line.setAllowSubcommandsAsOptionParameters(true)
        .setDefaultValueProvider(ConfigFile.from(args));
  }

  @Override
  public Integer call() {
    SinalConfig config;
    try {
      config = options.toConfig(apps);
    } catch (IllegalArgumentException e) {
      System.err.println("sinal: " + e.getMessage());
      return 2;
    }
    LogFormat.install(config.ops().logFormat(), config.ops().logLevel());
    Sinal sinal = Sinal.create(config).start();
    // SIGTERM (and Ctrl-C) drain: clients are told to reconnect elsewhere, history is kept for a
    // restart.
    Runtime.getRuntime().addShutdownHook(new Thread(sinal::stop, "sinal-shutdown"));
    try {
      Thread.currentThread().join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  @Command(
      name = "token",
      mixinStandardHelpOptions = true,
      description = "Print a connection token (JWT) for trying things out.")
  static final class TokenCommand implements Callable<Integer> {
    @Option(names = "--user", required = true, description = "User id (the token's sub).")
    String user;

    @Option(
        names = "--channel",
        description = "Private channel to grant (exact name or ns:*); repeatable.")
    List<String> channels = new ArrayList<>();

    @Option(
        names = "--ttl",
        defaultValue = "3600",
        description = "Seconds the token is valid (default ${DEFAULT-VALUE}).")
    long ttl;

    @Option(
        names = "--data-dir",
        defaultValue = "${env:SINAL_DATA_DIR:-./data}",
        description = "Data directory holding the generated secret (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
        names = "--jwt-secret",
        defaultValue = "${env:SINAL_JWT_SECRET}",
        description = "Token secret (env SINAL_JWT_SECRET); else the one in the data dir.")
    String jwtSecret;

    @Override
    public Integer call() throws Exception {
      String secret =
          jwtSecret != null && !jwtSecret.isBlank()
              ? jwtSecret
              : Secrets.load(dataDir).getOrCreate("jwt_secret").value();
      Vertx vertx = Vertx.vertx();
      try {
        System.out.println(new Tokens(vertx, secret).mint(user, channels, Duration.ofSeconds(ttl)));
      } finally {
        vertx.close();
      }
      return 0;
    }
  }
}
