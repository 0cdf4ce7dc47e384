package io.sinal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sinal.Main;
import io.sinal.hub.Access;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path dir;

  @Test
  void fileSetsOptionsAndFlagsWinOverIt() throws Exception {
    Path file = dir.resolve("sinal.conf");
    Files.writeString(
        file,
        """
        # Sinal options, keys are flag names
        port=9123
        max-message-size=2048
        namespace=orders:access=private;chat:presence=true,publish=true
        log-format=json
        """);
    SinalConfig config = Main.parse("--config", file.toString(), "--max-message-size", "4096");
    assertThat(config.port()).isEqualTo(9123);
    assertThat(config.maxMessageSize()).as("flag beats file").isEqualTo(4096);
    assertThat(config.namespaces().get("orders").access()).isEqualTo(Access.PRIVATE);
    assertThat(config.namespaces().get("chat").presence()).isTrue();
    assertThat(config.ops().logFormat()).isEqualTo("json");
  }

  @Test
  void badValuesInTheFileAreNamedAndAMissingFileIsAnError() throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, "heartbeat=0\n");
    assertThatThrownBy(() -> Main.parse("--config", file.toString()))
        .hasMessageContaining("--heartbeat");
    assertThatThrownBy(() -> Main.parse("--config", dir.resolve("nope.conf").toString()))
        .hasMessageContaining("nope.conf");
  }

  @Test
  void environmentVariableNamesFollowTheFlags() {
    assertThat(ConfigFile.envName("port")).isEqualTo("SINAL_PORT");
    assertThat(ConfigFile.envName("max-poll-wait")).isEqualTo("SINAL_MAX_POLL_WAIT");
    assertThat(ConfigFile.envName("namespace")).isEqualTo("SINAL_NAMESPACES");
    assertThat(ConfigFile.envName("allowed-origin")).isEqualTo("SINAL_ALLOWED_ORIGINS");
  }
}
