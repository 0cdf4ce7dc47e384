package io.sinal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sinal.Main;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The HTTP limits' flags: documented defaults, and bad values named with their flag. */
class HttpOptionsTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    SinalConfig.Http http = Main.parse().http();
    assertThat(http.maxRequestLine()).isEqualTo(262144);
    assertThat(http.maxHeaderSize()).isEqualTo(65536);
    assertThat(http.headTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(http.bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(http.idleTimeout()).isEqualTo(Duration.ofSeconds(75));
    assertThat(http.allowedHosts()).isEmpty();
    assertThat(Main.parse().describe())
        .contains("allowed-host = (localhost and IP addresses)")
        .contains("idle-timeout = 75s");
  }

  @Test
  void allowedHostsAreNamesOrDomainsOrAStar() {
    assertThat(Main.parse("--allowed-host", "RT.example.com,.apps.example").http().allowedHosts())
        .containsExactlyInAnyOrder("rt.example.com", ".apps.example");
    assertThat(Main.parse("--allowed-host", "*").describe())
        .contains("DNS rebinding is not stopped");
    for (String bad :
        new String[] {"https://rt.example", "rt.example:443", "rt example", "*.example.com"}) {
      assertThatThrownBy(() -> Main.parse("--allowed-host", bad))
          .hasMessageContaining("--allowed-host")
          .hasMessageContaining(bad);
    }
  }

  @Test
  void badLimitsNameTheFlagAndTheValue() {
    assertThatThrownBy(() -> Main.parse("--max-request-line", "100"))
        .hasMessageContaining("--max-request-line")
        .hasMessageContaining("100");
    assertThatThrownBy(() -> Main.parse("--max-header-size", "0"))
        .hasMessageContaining("--max-header-size");
    assertThatThrownBy(() -> Main.parse("--request-head-timeout", "0"))
        .hasMessageContaining("--request-head-timeout");
    assertThatThrownBy(() -> Main.parse("--request-body-timeout", "0"))
        .hasMessageContaining("--request-body-timeout");
    assertThatThrownBy(() -> Main.parse("--idle-timeout", "2"))
        .hasMessageContaining("--idle-timeout")
        .hasMessageContaining("2");
  }
}
