package io.sinal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sinal.Main;
import io.sinal.hub.Access;
import org.junit.jupiter.api.Test;

class ServeOptionsTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    SinalConfig config = Main.parse();
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.maxMessageSize()).isEqualTo(65536);
    assertThat(config.transports()).containsExactlyInAnyOrder("websocket", "sse", "poll");
    assertThat(config.namespaces()).containsKeys("demo", "user");
    assertThat(config.namespaces().get("user").access()).isEqualTo(Access.USER);
  }

  @Test
  void namespaceSpecsSetEveryOption() {
    SinalConfig config =
        Main.parse(
            "--namespace", "orders:history=5,ttl=60,presence=true,publish=true,access=private");
    var orders = config.namespaces().get("orders");
    assertThat(orders.historySize()).isEqualTo(5);
    assertThat(orders.historyTtl().toSeconds()).isEqualTo(60);
    assertThat(orders.presence()).isTrue();
    assertThat(orders.clientPublish()).isTrue();
    assertThat(orders.access()).isEqualTo(Access.PRIVATE);
  }

  @Test
  void badValuesNameTheOptionAndValue() {
    assertThatThrownBy(() -> Main.parse("--namespace", "x:history=lots"))
        .hasMessageContaining("history")
        .hasMessageContaining("x:history=lots");
    assertThatThrownBy(() -> Main.parse("--namespace", "x:colour=red"))
        .hasMessageContaining("colour");
    assertThatThrownBy(() -> Main.parse("--transports", "pigeon")).hasMessageContaining("pigeon");
    assertThatThrownBy(() -> Main.parse("--port", "70000"))
        .hasMessageContaining("--port")
        .hasMessageContaining("70000");
  }

  @Test
  void secretsAreMaskedInTheStartUpDescription() {
    String described =
        Main.parse(
                "--api-key",
                "supersecretapikey-0123456789abcdef1234",
                "--jwt-secret",
                "anothersecretvalue-0123456789abcdef9876")
            .describe();
    assertThat(described)
        .doesNotContain("supersecretapikey")
        .doesNotContain("anothersecretvalue")
        .contains("****1234");
  }
}
