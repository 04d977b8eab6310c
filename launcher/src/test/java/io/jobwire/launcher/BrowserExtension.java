package io.jobwire.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriver;

/**
 * A fresh headless {@link Chromium} for each test, quit after it. Where Chromium is missing the
 * class is skipped before anything starts (a {@link StackExtension} too), and fails on CI, where it
 * must be installed. Screenshots go to {@link #SCREENSHOTS}.
 */
final class BrowserExtension
    implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, AfterEachCallback {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final String[] arguments;
  private WebDriver browser;

  /** {@code arguments} are added to Chromium's command line. */
  BrowserExtension(String... arguments) {
    this.arguments = arguments.clone();
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String why = Chromium.whyMissing();
    if (why == null) {
      return ConditionEvaluationResult.enabled("Chromium is installed");
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError(why);
    }
    return ConditionEvaluationResult.disabled(why);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
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

  /** Saves what the test's browser shows as {@code SCREENSHOTS/name}. */
  void screenshot(String name) {
    Chromium.screenshot(browser, SCREENSHOTS.resolve(name));
  }

  /** The test's browser. */
  WebDriver driver() {
    return browser;
  }
}
