package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.security.testing.TestCa;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The demo page and the dashboard served over https with an admin key, in headless Chromium. The
 * browser cannot be told to trust the test CA without a profile tool, so it ignores certificate
 * errors; the certificate checks themselves are tested with JDK clients (TlsFrontendTest).
 */
class TlsBrowserTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final String ADMIN_KEY = "browser-admin-key-0123456789";

  @RegisterExtension
  static final BrowserExtension chromium = new BrowserExtension("--ignore-certificate-errors");

  @RegisterExtension
  static final StackExtension stack =
      StackExtension.examples(2).frontend(f -> f.tls(TestCa.get().pemTls()).adminKey(ADMIN_KEY));

  String url(String path) {
    return "https://localhost:" + stack.get().frontend().httpPort() + path;
  }

  String text(String id) {
    return chromium.driver().findElement(By.id(id)).getText().trim();
  }

  @Test
  void the_demo_page_over_https_connects_with_wss() {
    chromium.driver().get(url("/"));
    await().atMost(WAIT).until(() -> text("status").equals("connected"));
    String ws = chromium.driver().findElement(By.id("url")).getDomProperty("value");
    assertTrue(ws.startsWith("wss://localhost:"), ws);
  }

  @Test
  void the_dashboard_refuses_a_browser_without_the_key_and_goes_live_after_key_once() {
    chromium.driver().get(url("/dashboard"));
    String refused = chromium.driver().findElement(By.tagName("body")).getText();
    assertTrue(refused.contains("missing or wrong admin key"), refused);

    chromium.driver().get(url("/dashboard?key=" + ADMIN_KEY));
    assertEquals(
        url("/dashboard"), chromium.driver().getCurrentUrl(), "the key left the address bar");
    await().atMost(WAIT).until(() -> text("live").equals("live") && text("t-workers").equals("1"));
    chromium.screenshot("dashboard-tls.png");
  }
}
