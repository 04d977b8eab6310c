package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Origins, max connections, idle timeout with keepalive, subscribe rate limits. */
class LimitsTest extends LiveFrontend {
  static final Duration IDLE = Duration.ofMillis(600);

  @Override
  FrontendConfig.Builder config() {
    return super.config()
        .allowedOrigins(Set.of("https://app.example.com"))
        .limits(
            Limits.defaults()
                .withMaxConnections(3)
                .withIdleTimeout(IDLE)
                .withSubscribeRates(5, 1000));
  }

  @Test
  void a_handshake_from_a_foreign_origin_is_refused_and_an_allowed_one_upgrades() throws Exception {
    assertEquals(403, upgradeStatus("https://evil.example"));
    assertEquals(101, upgradeStatus("https://app.example.com"));
  }

  @Test
  void connections_beyond_the_limit_are_refused() {
    client();
    client();
    client();
    await().atMost(Duration.ofSeconds(5)).until(() -> frontend.stats().connections() == 3);
    assertThrows(RuntimeException.class, this::client);
  }

  @Test
  void a_client_that_answers_pings_stays_and_one_that_does_not_is_closed() throws Exception {
    TestClient answering = client(); // the client answers pings with pongs
    try (RawHandshake silent = new RawHandshake(frontend.httpPort(), null)) {
      assertEquals(101, silent.status());
      await().atMost(Duration.ofSeconds(10)).until(() -> frontend.stats().connections() == 1);
      assertTrue(silent.closedByServer());
    }
    // Several idle periods later the pinged client is still served.
    await()
        .pollDelay(IDLE.multipliedBy(2))
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(answering::assertNextIsPong);
  }

  @Test
  void a_subscribe_flood_gets_rate_limited() {
    TestClient client = client();
    int limited = 0;
    for (int i = 0; i < 20; i++) {
      client.send("{\"op\":\"subscribe\",\"ref\":" + i + ",\"topic\":\"ping\"}");
    }
    for (int i = 0; i < 20; i++) {
      var frame = client.next();
      if ("error".equals(frame.path("op").asText())) {
        assertEquals("rate_limited", frame.path("code").asText());
        limited++;
      }
    }
    assertTrue(limited >= 10, "only " + limited + " of 20 were rate limited");
  }
}
