package io.sinal.apps.pix;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.Main;
import io.sinal.testing.TestSinal;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bank simulators, page and command line, on a server that generated its own webhook secret:
 * both send confirmations the real webhook accepts.
 */
class PixBankSimulatorTest {
  private static TestSinal sinal;
  private static PixClient pix;

  @BeforeAll
  static void start() {
    sinal = TestSinal.start();
    pix = new PixClient(sinal, "the test does not know the generated secret");
  }

  @AfterAll
  static void stop() {
    if (sinal != null) sinal.close();
  }

  @Test
  void theBankPageIsServed() {
    HttpResponse<String> page = pix.page("/bank");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("Bank simulator").contains("moves no money");
  }

  @Test
  void theSimulatorPaysACodeLikeABankAppThroughTheSignedWebhook() {
    JsonObject created = pix.createPayment("12.34");
    HttpResponse<String> paid = pay(created.getString("copy_paste"));
    assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
    assertThat(new JsonObject(paid.body()).getString("status")).isEqualTo("paid");
    assertThat(pix.payment(created.getString("id")).getString("status")).isEqualTo("paid");
    assertThat(pay(created.getString("copy_paste")).statusCode()).as("paying twice").isEqualTo(200);
  }

  @Test
  void theSimulatorRefusesCodesThatAreNoChargeOfThisShop() {
    String code = pix.createPayment("1.00").getString("copy_paste");
    // Change the CRC's last digit (to a digit it is not: one CRC in sixteen already ends in 0).
    char last = code.charAt(code.length() - 1);
    assertThat(pay(code.substring(0, code.length() - 1) + (last == '0' ? '1' : '0')).body())
        .contains("CRC");
    assertThat(pay("hello").statusCode()).isEqualTo(400);
    String noAmount = BrCode.of("k@example.com", "Shop", "CITY", null, BrCode.NO_TXID);
    assertThat(pay(noAmount).body()).contains("no amount or no transaction id");
    String elsewhere =
        BrCode.of("k@example.com", "Shop", "CITY", BigDecimal.ONE, "NotAPaymentOfThisShop");
    assertThat(pay(elsewhere).statusCode()).isEqualTo(404);
  }

  @Test
  void pixPayOnTheCommandLineConfirmsWithTheSecretFromTheDataDir() {
    JsonObject created = pix.createPayment("99.90");
    int exit =
        Main.run(
            "pix",
            "pay",
            created.getString("id"),
            "--url",
            sinal.baseUrl(),
            "--data-dir",
            sinal.dataDir().toString());
    assertThat(exit).isZero();
    assertThat(pix.payment(created.getString("id")).getString("status")).isEqualTo("paid");
  }

  @Test
  void pixPayWithTheWrongSecretIsRefusedAndChangesNothing() {
    JsonObject created = pix.createPayment("99.90");
    int exit =
        Main.run(
            "pix",
            "pay",
            created.getString("id"),
            "--url",
            sinal.baseUrl(),
            "--webhook-secret",
            "guessed");
    assertThat(exit).isEqualTo(1);
    assertThat(pix.payment(created.getString("id")).getString("status")).isEqualTo("pending");
  }

  @Test
  void pixPayOfAnUnknownPaymentFails() {
    int exit =
        Main.run(
            "pix",
            "pay",
            "NoSuchPayment",
            "--url",
            sinal.baseUrl(),
            "--data-dir",
            sinal.dataDir().toString());
    assertThat(exit).isEqualTo(1);
  }

  @Test
  void withTheSimulatorOffNothingCanBePaidFromTheBankPage() {
    try (TestSinal off = TestSinal.start("--pix-bank-simulator", "false")) {
      assertSimulatorOff(off);
    }
  }

  @Test
  void aServerListeningOnEveryInterfaceHasNoBankSimulatorAndItsPagesSayHowToTryOne() {
    try (TestSinal open = TestSinal.start("--host", "0.0.0.0")) {
      assertSimulatorOff(open);
      PixClient openPix = new PixClient(open);
      String page =
          openPix.page("/payments/pix/" + openPix.createPayment("1.00").getString("id")).body();
      assertThat(page)
          .contains("bank simulator is off")
          .contains("--host 127.0.0.1")
          .doesNotContain("href=\"/bank\"");
      assertThat(openPix.page("/payments/pix").body())
          .contains("bank simulator is off")
          .contains("--pix-bank-simulator true");
    }
  }

  @Test
  void anExplicitTrueServesTheSimulatorOnEveryInterface() {
    try (TestSinal open = TestSinal.start("--host", "0.0.0.0", "--pix-bank-simulator", "true")) {
      PixClient openPix = new PixClient(open);
      assertThat(openPix.page("/bank").statusCode()).isEqualTo(200);
      JsonObject created = openPix.createPayment("2.00");
      HttpResponse<String> paid =
          openPix.post(
              "/bank/pay",
              new JsonObject().put("payload", created.getString("copy_paste")).encode());
      assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
      assertThat(openPix.page("/payments/pix/" + created.getString("id")).body())
          .contains("href=\"/bank\"")
          .doesNotContain("bank simulator is off");
    }
  }

  /** /bank and its API answer 404, saying how to turn the simulator on; a payment stays pending. */
  private static void assertSimulatorOff(TestSinal server) {
    PixClient offPix = new PixClient(server);
    JsonObject created = offPix.createPayment("5.00");
    for (HttpResponse<String> refused :
        List.of(
            offPix.page("/bank"),
            offPix.post(
                "/bank/pay",
                new JsonObject().put("payload", created.getString("copy_paste")).encode()))) {
      assertThat(refused.statusCode()).isEqualTo(404);
      assertThat(refused.headers().firstValue("content-type")).hasValue("application/json");
      JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
      assertThat(error.getInteger("code")).isEqualTo(PixError.SIMULATOR_DISABLED.code());
      assertThat(error.getString("message"))
          .contains("--host 127.0.0.1")
          .contains("--pix-bank-simulator true");
    }
    assertThat(offPix.payment(created.getString("id")).getString("status")).isEqualTo("pending");
  }

  private static HttpResponse<String> pay(String code) {
    return pix.post("/bank/pay", new JsonObject().put("payload", code).encode());
  }
}
