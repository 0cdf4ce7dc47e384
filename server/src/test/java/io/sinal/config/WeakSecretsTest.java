package io.sinal.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.ServerProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A secret too short to be safe stops the server at start, with a message saying how to make a good
 * one.
 */
class WeakSecretsTest {
  private static final String GOOD = "a-good-secret-of-at-least-32-bytes!";

  /** Runs {@code java io.sinal.Main args} and returns its exit code and output. */
  private static List<String> run(Path dataDir, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.sinal.Main",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(ServerProcess.freePort()),
                "--data-dir",
                dataDir.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the server exits").isTrue();
    return List.of(
        String.valueOf(process.exitValue()),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @CsvSource({
    "--jwt-secret,abc",
    "--api-key,bench",
    "--pix-webhook-secret,0123456789abcdef0123456789abcde"
  })
  void aServerWithAShortSecretRefusesToStartAndSaysHowToMakeAGoodOne(String flag, String weak)
      throws Exception {
    Path dataDir = Files.createTempDirectory("sinal-weak");
    List<String> exit = run(dataDir, flag, weak);
    assertThat(exit.get(0)).as("exit code; output: %s", exit.get(1)).isEqualTo("2");
    assertThat(exit.get(1))
        .contains("sinal: " + flag + " is " + weak.length())
        .contains("at least 32")
        .contains("openssl rand -base64 32")
        .doesNotContain(weak + " ")
        .doesNotContain("Exception");
  }

  @Test
  void secretsOf32BytesAreAccepted() {
    assertThat(
            io.sinal.Main.parse(
                    "--jwt-secret", GOOD, "--api-key", GOOD, "--pix-webhook-secret", GOOD)
                .jwtSecret())
        .isEqualTo(GOOD);
  }
}
