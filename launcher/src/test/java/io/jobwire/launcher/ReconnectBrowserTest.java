package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.frontend.Frontend;
import io.jobwire.frontend.FrontendConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The demo page survives a front end restart: it reconnects by itself, tries to resume, and (while
 * the server has no resume) subscribes again and still shows the result.
 */
class ReconnectBrowserTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension static final BrowserExtension chromium = new BrowserExtension();

  @RegisterExtension static final StackExtension stack = StackExtension.examples(4);

  static Frontend frontendOn(int port) {
    return Frontend.start(
        FrontendConfig.builder().port(port).ingressBind("tcp://127.0.0.1:*").build(),
        stack.get().queue());
  }

  @Test
  void page_reconnects_after_a_restart_and_subscribes_again_when_resume_is_not_found()
      throws Exception {
    int port = TestPorts.free();
    Frontend first = frontendOn(port);
    Frontend second = null;
    WebDriver browser = chromium.driver();
    try {
      browser.get("http://127.0.0.1:" + port + "/");
      await().atMost(WAIT).until(() -> text(browser, "status").equals("connected"));
      WebElement params = browser.findElement(By.id("params"));
      params.clear();
      params.sendKeys("{\"count\": 8, \"interval_ms\": 300}");
      browser.findElement(By.id("subscribe")).click();
      WebElement card =
          await()
              .atMost(WAIT)
              .ignoreExceptions()
              .until(() -> browser.findElement(By.id("sub-1")), c -> true);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  !"0".equals(String.valueOf(card.getDomAttribute("data-pct")))
                      && card.getDomAttribute("data-pct") != null);

      first.close();
      await().atMost(WAIT).until(() -> text(browser, "status").startsWith("reconnecting"));
      second = frontendOn(port);

      await()
          .atMost(WAIT)
          .until(
              () ->
                  card.findElement(By.cssSelector(".notice"))
                      .getText()
                      .contains("subscribing again"));
      await().atMost(WAIT).until(() -> !card.findElements(By.cssSelector("li.result")).isEmpty());
      assertTrue(text(browser, "status").equals("connected"));
      assertTrue(card.findElement(By.cssSelector("li.result")).getText().contains("\"ticks\":8"));
      chromium.screenshot("demo-reconnected.png");
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  static String text(WebDriver browser, String id) {
    return browser.findElement(By.id(id)).getText().trim();
  }
}
