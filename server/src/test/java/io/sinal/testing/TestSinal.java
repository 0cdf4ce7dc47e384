package io.sinal.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.Main;
import io.sinal.Sinal;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The real server on a free port with a fresh data directory, for one test: {@code try (TestSinal s
 * = TestSinal.start()) {…}}. Closing it stops the server, deletes the directory and fails the test
 * if an event loop was blocked meanwhile.
 */
public final class TestSinal implements Endpoint, AutoCloseable {
  private static final Logger BLOCKED =
      Logger.getLogger("io.vertx.core.internal.threadchecker.BlockedThreadChecker");

  private final Sinal sinal;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final List<LogRecord> blocked = new ArrayList<>();
  private final Handler blockedHandler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            synchronized (blocked) {
              blocked.add(record);
            }
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private TestSinal(Path dataDir, boolean ownsDataDir, String... args) {
    this(dataDir, ownsDataDir, Clock.systemUTC(), args);
  }

  private TestSinal(Path dataDir, boolean ownsDataDir, Clock clock, String... args) {
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    List<String> all = new ArrayList<>(List.of("--port", "0", "--data-dir", dataDir.toString()));
    // loopback unless the test asks for another host (say 0.0.0.0, still reached through 127.0.0.1)
    if (!List.of(args).contains("--host")) {
      all.addAll(List.of("--host", "127.0.0.1"));
    }
    all.addAll(List.of(args));
    BLOCKED.addHandler(blockedHandler);
    this.sinal = Sinal.create(Main.parse(all.toArray(String[]::new)), clock).start();
  }

  /** A server with default options plus {@code args} (flags as on the command line). */
  public static TestSinal start(String... args) {
    try {
      return new TestSinal(Files.createTempDirectory("sinal-test"), true, args);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** As {@link #start}, reading time from {@code clock}: tests advance it instead of sleeping. */
  public static TestSinal startWithClock(Clock clock, String... args) {
    try {
      return new TestSinal(Files.createTempDirectory("sinal-test"), true, clock, args);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fills a fresh data directory before the server starts on it: what a stopped server left. */
  @FunctionalInterface
  public interface Preparation {
    void prepare(Path dataDir) throws IOException;
  }

  /**
   * As {@link #startWithClock}, on a data directory {@code preparation} filled first; deleted on
   * close.
   */
  public static TestSinal startPreparedWithClock(
      Preparation preparation, Clock clock, String... args) {
    try {
      Path dataDir = Files.createTempDirectory("sinal-test");
      preparation.prepare(dataDir);
      return new TestSinal(dataDir, true, clock, args);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** As {@link #startIn}, reading time from {@code clock}. */
  public static TestSinal startInWithClock(Path dataDir, Clock clock, String... args) {
    return new TestSinal(dataDir, false, clock, args);
  }

  /** A server on an existing data directory (a restart), which the caller deletes. */
  public static TestSinal startIn(Path dataDir, String... args) {
    return new TestSinal(dataDir, false, args);
  }

  public Sinal sinal() {
    return sinal;
  }

  @Override
  public int port() {
    return sinal.port();
  }

  public String apiKey() {
    return sinal.apiKey();
  }

  public Path dataDir() {
    return dataDir;
  }

  public String token(String user, String... channels) {
    return sinal.tokens().mint(user, List.of(channels), Duration.ofMinutes(10));
  }

  /** POST /api/publish; returns the reply, fails the test on anything but 200. */
  public JsonObject publish(String channel, String type, String dataJson) {
    JsonObject body =
        new JsonObject()
            .put("channel", channel)
            .put("data", new JsonObject("{\"v\":" + dataJson + "}").getValue("v"));
    if (type != null) {
      body.put("type", type);
    }
    HttpResponse<String> response = api("POST", "/api/publish", body.encode());
    assertThat(response.statusCode()).as("publish answer %s", response.body()).isEqualTo(200);
    return new JsonObject(response.body());
  }

  public JsonObject publish(String channel, String dataJson) {
    return publish(channel, null, dataJson);
  }

  /** A server API call with the right key. */
  public HttpResponse<String> api(String method, String path, String body) {
    return request(method, path, body, "Bearer " + apiKey());
  }

  public JsonObject info() {
    return new JsonObject(api("GET", "/api/info", null).body());
  }

  /** Stops the server, keeping the data directory (for a restart on the same data). */
  public void stop() {
    sinal.stop();
  }

  @Override
  public void close() {
    sinal.stop();
    BLOCKED.removeHandler(blockedHandler);
    if (ownsDataDir) {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temp dir left behind is not a test failure
      }
    }
    synchronized (blocked) {
      assertThat(blocked).as("event loop blocked").extracting(LogRecord::getMessage).isEmpty();
    }
  }
}
