package io.sinal.apps.pix;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.Browser;
import io.sinal.testing.TestClock;
import io.sinal.testing.TestSinal;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;

/**
 * The payment page in Debian's headless Chromium: it turns paid, or expired, the moment the server
 * says so.
 */
class PixBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static TestClock clock;
  private static TestSinal sinal;
  private static PixClient pix;
  private static Browser browser;

  @BeforeAll
  static void start() {
    clock = new TestClock();
    sinal =
        TestSinal.startWithClock(
            clock, "--pix-webhook-secret", PixClient.SECRET, "--heartbeat", "3600");
    pix = new PixClient(sinal);
    browser = Browser.start();
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) browser.close();
    } finally {
      if (sinal != null) sinal.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"websocket", "sse", "longpoll"})
  void thePageTurnsPaidWithinASecondOfTheConfirmationWithoutAReload(String transport) {
    JsonObject payment = pix.createPayment("10.50");
    openLive(payment, transport);
    assertThat(browser.text("#amount")).isEqualTo("R$10.50");
    assertThat(browser.text("#order")).isEqualTo("#" + payment.getLong("order_number"));
    assertThat(browser.script("return document.getElementById('copy-paste').value"))
        .isEqualTo(payment.getString("copy_paste"));
    assertThat(browser.script("return document.getElementById('qr').naturalWidth"))
        .isEqualTo((long) QrCode.SIZE);
    awaitPage("the countdown", () -> browser.text("#countdown").matches("\\d\\d:\\d\\d"));
    browser.script("window.notReloaded = true");

    assertThat(pix.confirm(payment).statusCode()).isEqualTo(200);
    awaitPage("the paid view", Duration.ofSeconds(1), () -> "paid".equals(status()));
    assertThat(browser.script("return window.notReloaded === true"))
        .as("the same page, not a reload")
        .isEqualTo(true);
    assertThat(browser.driver().findElement(By.id("paid-view")).isDisplayed()).isTrue();
    assertThat(browser.driver().findElement(By.id("pending-view")).isDisplayed()).isFalse();
  }

  @Test
  void reloadingAPaidPaymentShowsTheConfirmedView() {
    JsonObject payment = pix.createPayment("1.99");
    assertThat(pix.confirm(payment).statusCode()).isEqualTo(200);
    browser.open(sinal.baseUrl() + payment.getString("page"));
    awaitPage("the paid view", () -> "paid".equals(status()));
    assertThat(browser.text("#paid-view")).contains("Payment confirmed");
    assertThat(browser.driver().findElement(By.id("qr")).isDisplayed()).isFalse();
  }

  @Test
  void anUnknownPaymentShowsTheNotFoundPage() {
    browser.open(sinal.baseUrl() + "/payments/pix/NoSuchPayment");
    assertThat(browser.text("h1")).isEqualTo("Payment not found");
  }

  @Test
  void aPersonPaysInTheBankSimulatorTabAndThePaymentTabTurnsPaid() {
    JsonObject payment = pix.createPayment("25.00");
    openLive(payment, "websocket");
    String paymentTab = browser.driver().getWindowHandle();
    String bankUrl = browser.attribute("#bank-link", "href");
    browser.driver().switchTo().newWindow(WindowType.TAB);
    try {
      browser.open(sinal.baseUrl() + bankUrl);
      awaitPage(
          "the code filled in",
          () ->
              payment
                  .getString("copy_paste")
                  .equals(browser.script("return document.getElementById('payload').value")));
      browser.driver().findElement(By.id("pay")).click();
      awaitPage(
          "the bank's answer", () -> "paid".equals(browser.attribute("#result", "data-outcome")));
      assertThat(browser.text("#result"))
          .contains("R$25.00")
          .contains("#" + payment.getLong("order_number"));
    } finally {
      browser.driver().close();
      browser.driver().switchTo().window(paymentTab);
    }
    awaitPage("the paid view", () -> "paid".equals(status()));
  }

  @Test
  void theCheckoutPageCreatesAPaymentAndOpensItsPage() {
    browser.open(sinal.baseUrl() + "/payments/pix");
    browser.driver().findElement(By.id("value")).clear();
    browser.driver().findElement(By.id("value")).sendKeys("3.75");
    browser.driver().findElement(By.id("description")).sendKeys("<b>two coffees</b>");
    browser.driver().findElement(By.id("create")).click();
    awaitPage("the payment page", () -> "pending".equals(status()));
    assertThat(browser.driver().getCurrentUrl()).matches(".*/payments/pix/[A-Za-z0-9]{22}");
    assertThat(browser.text("#amount")).isEqualTo("R$3.75");
    assertThat(browser.text(".order"))
        .as("shown as text, not markup")
        .contains("<b>two coffees</b>");
  }

  @Test
  void thePageTurnsExpiredWhenTheTimeIsUpAndStaysExpiredOnReload() {
    JsonObject payment = pix.createPayment("4.00");
    openLive(payment, "websocket");
    clock.advance(Duration.ofMinutes(30));
    awaitPage("the expired view", () -> "expired".equals(status()));
    assertThat(browser.text("#expired-view")).contains("This payment has expired");

    browser.open(sinal.baseUrl() + payment.getString("page"));
    awaitPage("the expired view after a reload", () -> "expired".equals(status()));
  }

  /**
   * Opens the payment's page forced to {@code transport} and waits until it follows the channel
   * live.
   */
  private static void openLive(JsonObject payment, String transport) {
    browser.open(sinal.baseUrl() + payment.getString("page") + "?transport=" + transport);
    awaitPage(
        "live via " + transport,
        () ->
            "connected".equals(browser.attribute("#connection", "data-state"))
                && transport.equals(browser.attribute("#connection", "data-transport")));
    assertThat(status()).isEqualTo("pending");
  }

  private static String status() {
    return browser.attribute("#status", "data-status");
  }

  private static void awaitPage(String what, Callable<Boolean> condition) {
    awaitPage(what, WAIT, condition);
  }

  /** Waits for the page, and on timeout says what it showed instead, with the browser's console. */
  private static void awaitPage(String what, Duration atMost, Callable<Boolean> condition) {
    try {
      Awaitility.await(what).atMost(atMost).pollInterval(Duration.ofMillis(20)).until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "timed out after "
              + atMost
              + " waiting for "
              + what
              + "\nstatus: "
              + status()
              + ", connection: "
              + browser.text("#connection")
              + "\nconsole:\n"
              + browser.consoleLog(),
          e);
    }
  }
}
