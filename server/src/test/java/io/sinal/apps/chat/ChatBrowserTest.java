package io.sinal.apps.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.Browser;
import io.sinal.testing.TestSinal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/**
 * The chat page in Debian's headless Chromium: two tabs, one on WebSocket and one forced to long
 * polling, see each other online, exchange messages and typing, and show markup as text.
 */
class ChatBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static TestSinal sinal;
  private static Browser browser;

  @BeforeAll
  static void start() {
    // a high rate limit, so one user can fill a room with more than a page of history
    sinal = TestSinal.start("--chat-rate-limit", "100");
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

  @Test
  void twoPagesSeeEachOtherOnlineExchangeMessagesAndShowMarkupAsText() {
    WebDriver driver = browser.driver();
    driver.get(sinal.baseUrl() + "/chat");
    type("#name", "alice");
    type("#room", "browser");
    driver.findElement(By.id("enter")).click();
    awaitPage("alice connected over websocket", () -> connectedVia("websocket"));
    assertThat(driver.getCurrentUrl()).isEqualTo(sinal.baseUrl() + "/chat/browser");
    assertThat(driver.findElement(By.id("join")).isDisplayed()).isFalse();
    assertThat(browser.text("#history-state")).isEqualTo("No messages yet: say hello.");
    String alice = driver.getWindowHandle();

    String bob = enterInNewTab("browser", "longpoll", "bob");

    awaitPage(
        "bob sees both", () -> browser.texts("#online li").equals(List.of("alice", "bob (you)")));
    driver.switchTo().window(alice);
    awaitPage(
        "alice sees both", () -> browser.texts("#online li").equals(List.of("alice (you)", "bob")));

    send("hello bob");
    driver.switchTo().window(bob);
    awaitPage("bob gets alice's message", () -> texts().equals(List.of("hello bob")));
    assertThat(browser.text("#messages li .author")).isEqualTo("alice");

    String markup = "<script>window.pwned = 1</script><b>bold?</b>";
    type("#text", markup);
    driver.switchTo().window(alice);
    awaitPage("alice sees bob typing", () -> browser.text("#typing").equals("bob is typing…"));
    driver.switchTo().window(bob);
    driver.findElement(By.id("text")).sendKeys(Keys.ENTER);
    awaitPage("bob's message confirmed", () -> browser.text("#composer-status").equals("Sent ✓"));

    driver.switchTo().window(alice);
    awaitPage(
        "alice gets bob's markup as text", () -> texts().equals(List.of("hello bob", markup)));
    assertThat(driver.findElements(By.cssSelector("#messages script, #messages b"))).isEmpty();
    assertThat(browser.script("return window.pwned === undefined")).isEqualTo(true);
    awaitPage("the typing line cleared by the message", () -> browser.text("#typing").isEmpty());

    // a page opened later shows the room's history from the store
    driver.navigate().refresh();
    awaitPage("history after a reload", () -> texts().equals(List.of("hello bob", markup)));
    assertThat(browser.texts("#messages .author")).containsExactly("alice", "bob");
  }

  @Test
  void aRefusedMessageStaysInTheComposerWithTheServersReason() {
    WebDriver driver = browser.driver();
    enterInNewTab("refusals", "websocket", "carol");

    // --chat-max-length defaults to 1000
    browser.script("document.getElementById('text').value = 'x'.repeat(1001)");
    driver.findElement(By.id("send")).click();
    awaitPage(
        "the refusal",
        () ->
            browser
                .text("#composer-status")
                .startsWith("Not sent: the message is 1001 characters"));
    assertThat(browser.attribute("#composer-status", "data-code")).isEqualTo("107");
    assertThat((String) browser.script("return document.getElementById('text').value"))
        .hasSize(1001);
    assertThat(texts()).isEmpty();
  }

  @Test
  void aNameSomeoneElseHasInTheRoomIsRefusedOnTheJoinForm() {
    ChatClient.Session dora = ChatClient.session(sinal, "Dora");
    assertThat(sinal.request("POST", "/chat/rooms/names/name", null, dora.bearer()).statusCode())
        .isEqualTo(200);
    WebDriver driver = browser.driver();
    driver.switchTo().newWindow(WindowType.TAB);
    driver.get(sinal.baseUrl() + "/chat/names");
    type("#name", "dora");
    driver.findElement(By.id("enter")).click();
    awaitPage(
        "the refusal",
        () ->
            browser
                .text("#join-error")
                .equals(
                    "someone else is already 'Dora' in room names, and 'dora' looks the same: pick another name"));
    assertThat(driver.findElement(By.id("chat")).isDisplayed()).isFalse();
  }

  @Test
  void olderMessagesLoadWhenScrolledToTheTopUntilTheStartOfTheRoom() {
    ChatClient.Session writer = ChatClient.session(sinal, "writer");
    for (int i = 1; i <= 60; i++) {
      ChatClient.sent(sinal, writer, "long", "line " + i);
    }
    enterInNewTab("long", "sse", "reader");
    awaitPage("the newest page", () -> texts().size() == 50);
    assertThat(texts().get(0)).isEqualTo("line 11");
    assertThat(texts().get(49)).isEqualTo("line 60");

    browser.script("document.getElementById('scroller').scrollTop = 0");
    awaitPage("the older page", () -> texts().size() == 60);
    assertThat(texts().get(0)).isEqualTo("line 1");
    awaitPage(
        "the start", () -> browser.text("#history-state").equals("This is the start of the room."));
  }

  /**
   * Opens a room link in a new tab forced to {@code transport}, enters as {@code name} and waits
   * until connected; returns the tab's handle.
   */
  private static String enterInNewTab(String room, String transport, String name) {
    WebDriver driver = browser.driver();
    driver.switchTo().newWindow(WindowType.TAB);
    driver.get(sinal.baseUrl() + "/chat/" + room + "?transport=" + transport);
    assertThat(browser.attribute("#room-field", "hidden"))
        .as("the room comes from the link")
        .isNotNull();
    type("#name", name);
    driver.findElement(By.id("enter")).click();
    awaitPage(name + " connected over " + transport, () -> connectedVia(transport));
    return driver.getWindowHandle();
  }

  private static boolean connectedVia(String transport) {
    return "connected".equals(browser.attribute("#connection", "data-state"))
        && transport.equals(browser.attribute("#connection", "data-transport"));
  }

  private static List<String> texts() {
    return browser.texts("#messages .text");
  }

  private static void type(String selector, String text) {
    WebElement field = browser.driver().findElement(By.cssSelector(selector));
    field.clear();
    field.sendKeys(text);
  }

  private static void send(String text) {
    type("#text", text);
    browser.driver().findElement(By.id("text")).sendKeys(Keys.ENTER);
    awaitPage("sent", () -> browser.text("#composer-status").equals("Sent ✓"));
  }

  private static void awaitPage(String what, Callable<Boolean> condition) {
    try {
      Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          what
              + " did not happen; page text:\n"
              + browser.text("body")
              + "\nconsole:\n"
              + browser.consoleLog(),
          e);
    }
  }
}
