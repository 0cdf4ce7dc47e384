package io.sinal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sinal.Main;
import org.junit.jupiter.api.Test;

/**
 * The node limits' flags: defaults derived from the heap as documented, explicit values, bad values
 * named.
 */
class NodeLimitsOptionsTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void defaultsAreTheDocumentedSharesOfTheHeap() {
    long heap = Runtime.getRuntime().maxMemory();
    SinalConfig config = Main.parse();
    assertThat(config.limits())
        .isEqualTo(new SinalConfig.Limits(heap / 8, 20, (int) (heap / 16384), (int) (heap / 4096)));
    assertThat(config.describe())
        .contains("max-history-bytes = " + heap / 8 + " (from the " + heap / MIB + " MiB heap)")
        .contains("client-publish-rate = 20 per second, bursts of 40");
  }

  @Test
  void theBenchmarksFitTheDefaultsOfTheirHeap() {
    // bench/start-sinal.sh runs -Xmx512m with 15,000 subscribers of one channel each.
    assertThat(SinalConfig.Limits.connectionsFor(512 * MIB)).isEqualTo(32_768);
    assertThat(SinalConfig.Limits.subscriptionsFor(512 * MIB)).isEqualTo(131_072);
    assertThat(SinalConfig.Limits.historyBytesFor(256 * MIB)).isEqualTo(32 * MIB);
  }

  @Test
  void explicitValuesWin() {
    SinalConfig config =
        Main.parse(
            "--max-history-bytes",
            "2097152",
            "--client-publish-rate",
            "7",
            "--max-connections",
            "100",
            "--max-node-subscriptions",
            "1000");
    assertThat(config.limits()).isEqualTo(new SinalConfig.Limits(2 * MIB, 7, 100, 1000));
    assertThat(config.describe())
        .contains("max-connections = 100\n")
        .contains("max-history-bytes = 2097152\n");
  }

  @Test
  void badValuesNameTheFlagAndTheValue() {
    assertThatThrownBy(() -> Main.parse("--max-history-bytes", "1000"))
        .hasMessageContaining("--max-history-bytes")
        .hasMessageContaining("1000");
    assertThatThrownBy(() -> Main.parse("--client-publish-rate", "0"))
        .hasMessageContaining("--client-publish-rate")
        .hasMessageContaining("was 0");
    assertThatThrownBy(() -> Main.parse("--max-connections", "-1"))
        .hasMessageContaining("--max-connections")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> Main.parse("--max-node-subscriptions", "-5"))
        .hasMessageContaining("--max-node-subscriptions")
        .hasMessageContaining("-5");
  }
}
