package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobwire.protocol.Codec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Connections that never authenticate have a pool of their own: at its cap, more of them get 503
 * while real users still connect, and each one must authenticate before its deadline.
 */
class UnauthenticatedConnectionsTest extends LiveFrontend {
  static final int MAX_CONNECTIONS = 4;
  static final int MAX_UNAUTHENTICATED = 3;

  @Override
  FrontendConfig.Builder config() {
    return super.config()
        .auth(AuthMode.JWT)
        .jwtSecret(JwtAuthTest.SECRET)
        .limits(
            Limits.defaults()
                .withMaxConnections(MAX_CONNECTIONS)
                .withAuthentication(Duration.ofSeconds(30), MAX_UNAUTHENTICATED));
  }

  @Test
  void at_the_unauthenticated_cap_strangers_get_503_and_users_still_connect() throws Exception {
    List<TestClient> strangers = new ArrayList<>();
    for (int i = 0; i < MAX_UNAUTHENTICATED; i++) {
      strangers.add(client());
    }

    assertEquals(503, upgradeStatus(null));
    TestClient alice = clientWithQuery("token=" + JwtAuthTest.valid("alice"));
    assertEquals("alice", alice.next("welcome").path("user").asText());
    TestClient stranger = strangers.getFirst();
    stranger.send(
        "{\"op\":\"auth\",\"ref\":1,\"token\":" + Codec.encode(JwtAuthTest.valid("bob")) + "}");
    assertEquals("bob", stranger.next("authenticated").path("user").asText());

    // Bob's connection left the unauthenticated pool: one more stranger fits.
    client();
    assertEquals(503, upgradeStatus(null));
  }

  @Test
  void authenticated_connections_stay_within_max_connections() throws Exception {
    for (int i = 0; i < MAX_CONNECTIONS; i++) {
      clientWithQuery("token=" + JwtAuthTest.valid("u" + i)).next("welcome");
    }

    assertEquals(503, upgradeStatus(null));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> frontend.stats().connections() == MAX_CONNECTIONS);
  }
}
