package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.broker.BrokerConfig;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.launcher.cli.WorkerOptions;
import io.jobwire.launcher.service.LocalStack;
import io.jobwire.queue.testing.TestRedis;
import io.jobwire.security.testing.TestCa;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The demo page and the dashboard served over https with an admin key, in headless Chromium. The
 * browser cannot be told to trust the test CA without a profile tool, so it ignores certificate
 * errors; the certificate checks themselves are tested with JDK clients (TlsFrontendTest).
 */
class TlsBrowserTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String ADMIN_KEY = "browser-admin-key-0123456789";

  static TestRedis redis;
  static LocalStack stack;
  WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    Chromium.assumeInstalled();
    redis = TestRedis.start();
    stack =
        LocalStack.start(
            redis.uri(),
            BrokerConfig.builder().bind("tcp://127.0.0.1:*"),
            FrontendConfig.builder()
                .port(0)
                .ingressBind("tcp://127.0.0.1:*")
                .tls(TestCa.get().pemTls())
                .adminKey(ADMIN_KEY)
                .build(),
            WorkerOptions.examples(2));
    Files.createDirectories(BrowserTest.SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void openBrowser() throws Exception {
    browser = Chromium.start("--ignore-certificate-errors");
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  String url(String path) {
    return "https://localhost:" + stack.frontend().httpPort() + path;
  }

  String text(String id) {
    return browser.findElement(By.id(id)).getText().trim();
  }

  @Test
  void the_demo_page_over_https_connects_with_wss() {
    browser.get(url("/"));
    await().atMost(WAIT).until(() -> text("status").equals("connected"));
    String ws = browser.findElement(By.id("url")).getDomProperty("value");
    assertTrue(ws.startsWith("wss://localhost:"), ws);
  }

  @Test
  void the_dashboard_refuses_a_browser_without_the_key_and_goes_live_after_key_once() {
    browser.get(url("/dashboard"));
    String refused = browser.findElement(By.tagName("body")).getText();
    assertTrue(refused.contains("missing or wrong admin key"), refused);

    browser.get(url("/dashboard?key=" + ADMIN_KEY));
    assertEquals(url("/dashboard"), browser.getCurrentUrl(), "the key left the address bar");
    await().atMost(WAIT).until(() -> text("live").equals("live") && text("t-workers").equals("1"));
    Chromium.screenshot(browser, BrowserTest.SCREENSHOTS.resolve("dashboard-tls.png"));
  }
}
