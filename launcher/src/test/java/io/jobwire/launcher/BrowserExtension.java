package io.jobwire.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;

/**
 * A fresh headless {@link Chromium} for each test, quit after it. Before the class it skips the
 * tests when Chromium is missing (fails them on CI) and makes {@link #SCREENSHOTS}. Register it
 * before a {@link StackExtension} ({@code @Order(1)}) so a machine without Chromium starts no
 * stack.
 */
final class BrowserExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final String[] arguments;
  private WebDriver browser;

  /** {@code arguments} are added to Chromium's command line. */
  BrowserExtension(String... arguments) {
    this.arguments = arguments.clone();
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Chromium.assumeInstalled();
    Files.createDirectories(SCREENSHOTS);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    browser = Chromium.start(arguments);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (browser != null) {
      browser.quit();
      browser = null;
    }
  }

  /** The test's browser. */
  WebDriver driver() {
    return browser;
  }
}
