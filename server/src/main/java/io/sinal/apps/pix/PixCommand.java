package io.sinal.apps.pix;

import io.sinal.apps.StoredSecrets;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sinal pix pay <id>}: the bank simulator on the command line. */
@Command(
    name = "pix",
    mixinStandardHelpOptions = true,
    description = "PIX payments: try the flow without a bank.",
    subcommands = PixCommand.Pay.class)
public final class PixCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  private final StoredSecrets stored;

  /**
   * {@code stored} reads the webhook secret a server generated, from the data directory {@code
   * --data-dir} names.
   */
  public PixCommand(StoredSecrets stored) {
    this.stored = stored;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return 2;
  }

  @Command(
      name = "pay",
      mixinStandardHelpOptions = true,
      description =
          "Act as the payer's bank: send the server a signed confirmation that payment <id> was paid.")
  static final class Pay implements Callable<Integer> {
    @ParentCommand PixCommand pix;

    @Parameters(paramLabel = "<id>", description = "The payment's id, as in its page's URL.")
    String id;

    @Option(
        names = "--url",
        defaultValue = "${env:SINAL_URL:-http://localhost:8080}",
        description = "The server's base URL (env SINAL_URL; default ${DEFAULT-VALUE}).")
    String url;

    @Option(
        names = "--data-dir",
        defaultValue = "${env:SINAL_DATA_DIR:-./data}",
        description =
            "The server's data directory, holding the generated webhook secret (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
        names = "--webhook-secret",
        defaultValue = "${env:SINAL_PIX_WEBHOOK_SECRET}",
        description =
            "The webhook secret (env SINAL_PIX_WEBHOOK_SECRET); else the one in the data dir.")
    String secret;

    @Override
    public Integer call() throws IOException, InterruptedException {
      String key =
          secret != null && !secret.isBlank()
              ? secret
              : pix.stored.read(dataDir, PixOptions.SECRET_KEY);
      if (key == null) {
        System.err.println(
            "sinal: no webhook secret: give --webhook-secret, or --data-dir of the server that generated it");
        return 2;
      }
      String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<byte[]> payment =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          base + "/payments/pix/" + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                  .header("Accept", "application/json")
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (payment.statusCode() != 200) {
        System.err.println(
            "sinal: cannot read payment '" + id + "' at " + base + ": " + answer(payment));
        return 1;
      }
      JsonBody json = JsonBody.parse(payment.body());
      BigDecimal value = json.decimal("value", PixError.BAD_REQUEST);
      byte[] body = new Confirmation(json.string("bank_payment_id", 64, true), value).body();
      HttpResponse<byte[]> confirmed =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/payments/pix/confirmation"))
                  .header("Content-Type", "application/json")
                  .header(WebhookSignature.HEADER, new WebhookSignature(key).sign(body))
                  .timeout(Duration.ofSeconds(10))
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (confirmed.statusCode() != 200) {
        System.err.println("sinal: the server refused the confirmation: " + answer(confirmed));
        return 1;
      }
      System.out.println("paid: payment " + id + " of R$ " + value.toPlainString() + " confirmed");
      return 0;
    }

    private static String answer(HttpResponse<byte[]> response) {
      return response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8);
    }
  }
}
