package io.jobwire.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium for browser tests. Nothing is downloaded: the driver and the browser
 * are the packaged ones ({@code apt-get install chromium chromium-driver}).
 */
final class Chromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  /** Why the browser tests cannot run here, or null when Chromium and its driver are installed. */
  static String whyMissing() {
    if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
      return null;
    }
    return "needs " + BROWSER + " and " + DRIVER + " (apt-get install chromium chromium-driver)";
  }

  /** Starts the browser; {@code extraArguments} are added to its command line. */
  static WebDriver start(String... extraArguments) throws IOException {
    System.setProperty("SE_OFFLINE", "true");
    Path profile = Files.createTempDirectory("chromium-profile");
    var options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1200,1300",
        "--user-data-dir=" + profile);
    options.addArguments(extraArguments);
    var service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
    var driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }

  static void screenshot(WebDriver driver, Path file) {
    try {
      Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
