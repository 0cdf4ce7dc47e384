package io.sinal.apps.uploads;

import static org.assertj.core.api.Assertions.assertThat;

import io.sinal.testing.Browser;
import io.sinal.testing.TestSinal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;

/**
 * {@code /uploads} in Debian's headless Chromium: files chosen in the real file input, each follow
 * mode.
 */
class UploadPageTest {
  private static Browser browser;
  @TempDir static Path images;
  private static List<String> paths;

  @BeforeAll
  static void startBrowser() throws Exception {
    browser = Browser.start();
    Files.write(images.resolve("first.jpg"), TestImages.jpeg(800, 600));
    Files.write(images.resolve("<img src=x onerror=alert(1)>.png"), TestImages.png(300, 300));
    Files.write(images.resolve("third.gif"), TestImages.gif(200, 320));
    paths =
        List.of("first.jpg", "<img src=x onerror=alert(1)>.png", "third.gif").stream()
            .map(name -> images.resolve(name).toString())
            .toList();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"poll", "sse", "websocket"})
  void threeImagesUploadedThroughThePageAllReachDoneWithTheirThumbnails(String mode) {
    try (TestSinal sinal = TestSinal.start()) {
      upload(sinal, mode);

      await(
          "three files done over " + mode,
          () -> browser.texts(".file .state").equals(List.of("done", "done", "done")));
      await(
          "three thumbnails loaded",
          () ->
              Boolean.TRUE.equals(
                  browser.script(
                      "const t = [...document.querySelectorAll('.file img.thumb')];"
                          + " return t.length === 3 && t.every(i => i.complete && i.naturalWidth === 160 && i.naturalHeight === 160);")));
      assertThat(browser.texts(".file .name"))
          .containsExactly("first.jpg", "<img src=x onerror=alert(1)>.png", "third.gif");
      assertThat(browser.driver().findElements(By.cssSelector(".file .name img")))
          .as("names are text, not HTML")
          .isEmpty();
      assertThat(browser.driver().findElements(By.cssSelector(".file .links a"))).hasSize(18);
      assertThat(
              browser.script(
                  "return [...document.querySelectorAll('.file progress.upload')].every(p => p.value === 100)"))
          .isEqualTo(true);
      assertThat(browser.text(".file[data-id='1'] .lines"))
          .contains(
              "received", "decoded: 800 × 600", "1280.jpg: 800 × 600", "thumb.png: 160 × 160");
      assertThat(browser.text(".batch .meter")).contains("request");
      assertThat(browser.text("#error")).isEmpty();
    }
  }

  @Test
  void aFileCancelledOverWebSocketIsMarkedCancelledAndTheOthersFinish() throws Exception {
    try (TestSinal sinal = TestSinal.start();
        HeldStep held = HeldStep.install(sinal, 2, "640.jpg")) {
      upload(sinal, "websocket");
      held.awaitReached();
      await(
          "file 2 processing with its cancel button",
          () ->
              browser
                      .driver()
                      .findElement(By.cssSelector(".file[data-id='2'] .cancel"))
                      .isDisplayed()
                  && browser.attribute(".file[data-id='2']", "data-state").equals("processing"));

      browser.driver().findElement(By.cssSelector(".file[data-id='2'] .cancel")).click();
      // the cancel travels as a publish on the batch's channel; the file stops once released
      await(
          "the cancel acknowledged",
          () ->
              !browser
                  .driver()
                  .findElement(By.cssSelector(".file[data-id='2'] .cancel"))
                  .isEnabled());
      held.release();

      await(
          "file 2 cancelled, the others done",
          () -> browser.texts(".file .state").equals(List.of("done", "cancelled", "done")));
      assertThat(
              browser
                  .driver()
                  .findElement(By.cssSelector(".file[data-id='2'] .cancel"))
                  .isDisplayed())
          .isFalse();
      assertThat(browser.text(".file[data-id='2'] .lines")).endsWith("cancelled");
      assertThat(browser.text("#error")).isEmpty();
    }
  }

  private static void upload(TestSinal sinal, String mode) {
    browser.open(sinal.baseUrl() + "/uploads?follow=" + mode + "&interval=0.5");
    browser.driver().findElement(By.id("files")).sendKeys(String.join("\n", paths));
    browser.driver().findElement(By.id("upload")).click();
  }

  private static void await(String what, Callable<Boolean> condition) {
    try {
      Awaitility.await(what)
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(condition);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          what
              + " did not happen; page: "
              + browser.text("main")
              + "\nconsole:\n"
              + browser.consoleLog(),
          e);
    }
  }
}
