package io.sinal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through its own chromedriver: start one per test class and
 * close it at the end. Nothing is downloaded (the driver file is given, so Selenium Manager is
 * never asked), and a missing Chromium fails the test rather than skipping it.
 */
public final class Browser implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  public static Browser start() {
    for (Path file : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(file)) {
        throw new IllegalStateException(
            file
                + " not found: browser tests need Debian's chromium and chromium-driver packages"
                + " (apt-get install chromium chromium-driver)");
      }
    }
    Path profile;
    try {
      profile = Files.createTempDirectory("sinal-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
      return new Browser(driver, profile);
    } catch (RuntimeException e) {
      deleteTree(profile);
      throw new IllegalStateException("could not start " + CHROMIUM + " with " + CHROMEDRIVER, e);
    }
  }

  public WebDriver driver() {
    return driver;
  }

  public void open(String url) {
    driver.get(url);
  }

  public String text(String cssSelector) {
    return driver.findElement(By.cssSelector(cssSelector)).getText();
  }

  public String attribute(String cssSelector, String name) {
    return driver.findElement(By.cssSelector(cssSelector)).getDomAttribute(name);
  }

  /** The text of every element matching the selector, in document order. */
  public List<String> texts(String cssSelector) {
    return driver.findElements(By.cssSelector(cssSelector)).stream()
        .map(WebElement::getText)
        .collect(Collectors.toList());
  }

  /**
   * Runs a script in the page and returns what it returns (see JavascriptExecutor#executeScript).
   */
  public Object script(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  /**
   * Runs an asynchronous script: it gets a callback as its last argument and passes its result to
   * it (see JavascriptExecutor#executeAsyncScript).
   */
  public Object asyncScript(String script, Object... args) {
    return driver.executeAsyncScript(script, args);
  }

  public byte[] screenshot() {
    return driver.getScreenshotAs(OutputType.BYTES);
  }

  /** The console messages logged since the last call, one a line: to explain a failed wait. */
  public String consoleLog() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::toString)
        .collect(Collectors.joining("\n"));
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temp profile is harmless; the browser may still hold a file for a moment.
    }
  }
}
