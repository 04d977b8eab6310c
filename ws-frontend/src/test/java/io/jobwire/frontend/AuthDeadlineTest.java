package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.Codec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** With authentication on, a connection that does not authenticate in time is closed. */
class AuthDeadlineTest extends LiveFrontend {

  @Override
  FrontendConfig.Builder config() {
    return super.config()
        .auth(AuthMode.JWT)
        .jwtSecret(JwtAuthTest.SECRET)
        .limits(Limits.defaults().withAuthentication(Duration.ofMillis(2000), 100));
  }

  @Test
  void a_connection_that_only_pings_is_closed_at_the_auth_deadline() {
    TestClient stranger = client();
    stranger.assertNextIsPong();

    assertEquals(1008, stranger.awaitCloseCode());
  }

  @Test
  void a_connection_that_authenticated_in_time_stays_open() throws Exception {
    TestClient alice = client();
    alice.send(
        "{\"op\":\"auth\",\"ref\":1,\"token\":" + Codec.encode(JwtAuthTest.valid("alice")) + "}");
    alice.next("authenticated");
    TestClient bob = clientWithQuery("token=" + JwtAuthTest.valid("bob"));
    bob.next("welcome");

    TestClient stranger = client();
    assertEquals(1008, stranger.awaitCloseCode()); // the deadline has passed for all three
    alice.assertNextIsPong();
    bob.assertNextIsPong();
    assertTrue(alice.isOpen() && bob.isOpen());
  }
}
