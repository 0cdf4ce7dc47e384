package io.sinal.apps.pix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sinal.Main;
import io.sinal.config.SinalConfig;
import io.sinal.store.StoreOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store and PIX options: documented defaults, validation naming option and value, secrets
 * masked.
 */
class PixConfigTest {
  @Test
  void defaultsAreTheDocumentedOnes() {
    SinalConfig config = Main.parse("--data-dir", "/var/lib/sinal");
    assertThat(config.store().url())
        .isEqualTo("jdbc:h2:file:" + Path.of("/var/lib/sinal/sinal") + ";DB_CLOSE_ON_EXIT=FALSE");
    assertThat(config.app(PixOptions.class).expiry()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.app(PixOptions.class).merchantName()).isEqualTo("Sinal Demo Shop");
    assertThat(config.app(PixOptions.class).merchantCity()).isEqualTo("SAO PAULO");
    assertThat(config.app(PixOptions.class).webhookSecret())
        .as("generated in the data dir")
        .isNull();
    assertThat(config.app(PixOptions.class).bankSimulator()).isEqualTo("auto");
    assertThat(config.app(PixOptions.class).simulatorOn())
        .as("the default host is 0.0.0.0")
        .isFalse();
    assertThat(config.app(PixOptions.class).createRate()).isEqualTo(10);
    assertThat(config.app(PixOptions.class).maxPending()).isEqualTo(10_000);
  }

  @Test
  void theBankSimulatorIsOnByItselfOnlyOnALoopbackHost() {
    for (String host : List.of("127.0.0.1", "localhost", "::1", "[::1]", "127.1.2.3")) {
      assertThat(Main.parse("--host", host).app(PixOptions.class).simulatorOn()).as(host).isTrue();
      assertThat(Main.parse("--host", host).app(PixOptions.class).simulatorExposed())
          .as(host)
          .isFalse();
    }
    for (String host : List.of("0.0.0.0", "::", "192.168.1.10", "sinal.example.com")) {
      assertThat(Main.parse("--host", host).app(PixOptions.class).simulatorOn()).as(host).isFalse();
      assertThat(
              Main.parse("--host", host, "--pix-bank-simulator", "true")
                  .app(PixOptions.class)
                  .simulatorExposed())
          .as(host)
          .isTrue();
    }
    assertThat(
            Main.parse("--host", "127.0.0.1", "--pix-bank-simulator", "false")
                .app(PixOptions.class)
                .simulatorOn())
        .isFalse();
    assertThatThrownBy(() -> Main.parse("--pix-bank-simulator", "yes"))
        .hasMessageContaining("--pix-bank-simulator must be auto, true or false, was yes");
  }

  @Test
  void postgresqlIsChosenByUrl() {
    SinalConfig config =
        Main.parse(
            "--db-url",
            "jdbc:postgresql://db:5432/sinal",
            "--db-user",
            "sinal",
            "--db-password",
            "pw");
    assertThat(config.store())
        .isEqualTo(new StoreOptions("jdbc:postgresql://db:5432/sinal", "sinal", "pw"));
  }

  @Test
  void badValuesNameTheOptionAndValue() {
    assertThatThrownBy(() -> Main.parse("--pix-merchant-name", "A merchant name far too long"))
        .hasMessageContaining("--pix-merchant-name")
        .hasMessageContaining("A merchant name far too long");
    assertThatThrownBy(() -> Main.parse("--pix-merchant-city", "São Paulo"))
        .hasMessageContaining("--pix-merchant-city")
        .hasMessageContaining("no accents");
    assertThatThrownBy(() -> Main.parse("--pix-expiry-minutes", "0"))
        .hasMessageContaining("--pix-expiry-minutes");
    assertThatThrownBy(() -> Main.parse("--db-url", "jdbc:mysql://db/shop"))
        .hasMessageContaining("--db-url");
    assertThatThrownBy(() -> Main.parse("--pix-create-rate", "0"))
        .hasMessageContaining("--pix-create-rate must be 1 to 100000")
        .hasMessageContaining("was 0");
    assertThatThrownBy(() -> Main.parse("--pix-max-pending", "-5"))
        .hasMessageContaining("--pix-max-pending must be 1 to 10000000")
        .hasMessageContaining("was -5");
  }

  @Test
  void secretsAreMaskedInTheStartUpDescription() {
    String described =
        Main.parse(
                "--db-url", "jdbc:postgresql://db/sinal?user=u&password=urlsecret1234",
                "--db-password", "dbpasswordsecret5678",
                "--pix-webhook-secret", "webhooksecretvalue-0123456789abcdef9012")
            .describe();
    assertThat(described)
        .doesNotContain("urlsecret")
        .doesNotContain("dbpasswordsecret")
        .doesNotContain("webhooksecretvalue")
        .contains("password=****")
        .contains("****5678")
        .contains("****9012");
  }
}
