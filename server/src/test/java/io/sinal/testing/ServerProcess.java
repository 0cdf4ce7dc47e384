package io.sinal.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The server as its own JVM process ({@code java io.sinal.Main}), for what only a process shows:
 * signals, exit codes, restarts on the same data. Output goes to {@code
 * <data-dir>/server-<port>.log}.
 */
public final class ServerProcess implements Endpoint, AutoCloseable {
  public static final String API_KEY = "test-api-key-0123456789-0123456789";

  private final int port;
  private final Process process;

  private ServerProcess(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the server on {@code port} with {@code dataDir} and waits until it is ready. */
  public static ServerProcess start(int port, Path dataDir, String... args) {
    return start(port, dataDir, List.of(), args);
  }

  /**
   * As {@link #start(int, Path, String...)}, with options for the server's JVM ({@code -Xmx256m}).
   */
  public static ServerProcess start(
      int port, Path dataDir, List<String> jvmOptions, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.sinal.Main",
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--data-dir",
            dataDir.toString(),
            "--event-loops",
            "2"));
    if (!List.of(args).contains("--api-key")) {
      command.addAll(List.of("--api-key", API_KEY));
    }
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(
                      dataDir.resolve("server-" + port + ".log").toFile()))
              .start();
      ServerProcess server = new ServerProcess(port, process);
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(() -> server.get("/health/ready").statusCode() == 200);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public int port() {
    return port;
  }

  public String apiKey() {
    return API_KEY;
  }

  /** The server's process id, for what only the JVM can tell (jcmd). */
  public long pid() {
    return process.pid();
  }

  /** Sends SIGTERM, as an orchestrator stopping the node does. */
  public void terminate() {
    process.destroy();
  }

  /** Waits for the process to exit and returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("server did not exit within " + timeout);
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
