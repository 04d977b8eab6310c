package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.queue.testing.TestClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The dashboard needs the admin key; /metrics and /health stay open. */
class AdminEndpointsTest extends LiveFrontend {
  static final String ADMIN_KEY = "dashboard-admin-key-0123456789";
  final HttpClient http = HttpClient.newHttpClient();
  final TestClock clock = new TestClock(java.time.Instant.now());

  @Override
  FrontendConfig.Builder config() {
    return super.config().adminKey(ADMIN_KEY).clock(clock);
  }

  private String loginCookie() throws Exception {
    String cookie =
        get("/dashboard?key=" + ADMIN_KEY).headers().firstValue("Set-Cookie").orElseThrow();
    return cookie.substring(0, cookie.indexOf(';'));
  }

  HttpResponse<String> get(String path, String... headers) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontend.httpPort() + path))
            .timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void the_dashboard_without_a_key_or_with_a_wrong_one_is_refused_with_a_json_error()
      throws Exception {
    var none = get("/dashboard");
    assertEquals(401, none.statusCode());
    assertTrue(none.body().startsWith("{\"error\":\"missing or wrong admin key"), none.body());
    assertEquals(401, get("/dashboard/snapshot", "X-Jobwire-Admin-Key", "wrong-key").statusCode());
    assertEquals(401, get("/dashboard/events", "Authorization", "Bearer wrong").statusCode());
    assertEquals(401, get("/dashboard?key=wrong").statusCode());
    assertTrue(
        get("/metrics").body().contains("jobwire_frontend_admin_denied_total 4.0"),
        "every refusal is counted");
  }

  @Test
  void the_dashboard_answers_with_the_key_in_a_header_or_as_a_bearer_token() throws Exception {
    var page = get("/dashboard", "X-Jobwire-Admin-Key", ADMIN_KEY);
    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("<html"), page.body());
    var snapshot = get("/dashboard/snapshot", "Authorization", "Bearer " + ADMIN_KEY);
    assertEquals(200, snapshot.statusCode(), snapshot.body());
  }

  @Test
  void opening_the_dashboard_with_the_key_once_sets_a_strict_cookie_that_lets_the_browser_in()
      throws Exception {
    var login = get("/dashboard?key=" + ADMIN_KEY);
    assertEquals(303, login.statusCode());
    assertEquals("/dashboard", login.headers().firstValue("Location").orElseThrow());
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.contains("HttpOnly"), cookie);
    assertTrue(cookie.contains("SameSite=Strict"), cookie);
    assertFalse(cookie.contains("Secure"), "plain HTTP cannot keep a Secure cookie: " + cookie);
    assertFalse(cookie.contains(ADMIN_KEY), "the cookie does not carry the key itself");
    String pair = cookie.substring(0, cookie.indexOf(';'));
    assertEquals(200, get("/dashboard", "Cookie", pair).statusCode());
    assertEquals(401, get("/dashboard", "Cookie", "jobwire_admin=forged").statusCode());
  }

  @Test
  void the_admin_cookie_expires() throws Exception {
    String cookie = loginCookie();
    assertEquals(200, get("/dashboard", "Cookie", cookie).statusCode());

    clock.advance(AdminCookie.DEFAULT_TTL.plusSeconds(1));

    assertEquals(401, get("/dashboard", "Cookie", cookie).statusCode());
  }

  @Test
  void raising_the_cookie_epoch_revokes_every_cookie_given_out() throws Exception {
    String cookie = loginCookie();
    Frontend revoked =
        own(
            Frontend.start(
                config().adminCookie(new AdminCookie(AdminCookie.DEFAULT_TTL, 1)).build(), queue));

    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + revoked.httpPort() + "/dashboard"))
            .header("Cookie", cookie)
            .build();
    assertEquals(401, http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(200, get("/dashboard", "Cookie", cookie).statusCode());
  }

  @Test
  void metrics_health_and_the_demo_page_stay_open_without_a_key() throws Exception {
    assertEquals(200, get("/metrics").statusCode());
    assertEquals(200, get("/health/live").statusCode());
    assertEquals(200, get("/").statusCode());
  }

  @Test
  void without_an_admin_key_the_dashboard_is_forbidden_on_a_non_loopback_bind() throws Exception {
    try (Frontend open = Frontend.start(super.config().host("0.0.0.0").build(), queue, null)) {
      var response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + open.httpPort() + "/dashboard"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(403, response.statusCode());
      assertTrue(response.body().contains("--admin-key"), response.body());
    }
  }
}
