package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** WAMP-Ticket with {@code auth token}: the ticket is a jobwire single-use token. */
class WampTicketTest extends TokenAuthFrontend {
  @Override
  FrontendConfig.Builder config() {
    return super.config()
        .limits(Limits.defaults().withAuthentication(Duration.ofSeconds(1), 1_000));
  }

  /** HELLO offering ticket; returns the client once CHALLENGE came. */
  private TestClient challenged() {
    TestClient client = rawClient("wamp.2.json");
    client.send(
        "[1,\"main\",{\"roles\":{\"caller\":{}},\"authmethods\":[\"ticket\"],\"authid\":\"x\"}]");
    assertEquals("[4,\"ticket\",{}]", client.nextUnchecked().toString());
    return client;
  }

  @Test
  void a_ticket_is_welcomed_as_its_user_and_refused_when_replayed() {
    String token = issue("alice");
    TestClient first = challenged();
    first.send("[5,\"" + token + "\",{}]");
    JsonNode welcome = first.nextUnchecked();
    assertEquals(2, welcome.get(0).asInt(), welcome.toString());
    assertEquals("alice", welcome.get(2).path("authid").asText());
    assertEquals("ticket", welcome.get(2).path("authmethod").asText());

    TestClient replay = challenged();
    replay.send("[5,\"" + token + "\",{}]");

    JsonNode abort = replay.nextUnchecked();
    assertEquals(3, abort.get(0).asInt(), abort.toString());
    assertEquals("wamp.error.authentication_failed", abort.get(2).asText());
    assertEquals(1002, replay.awaitCloseCode());
  }

  @Test
  void a_hello_without_ticket_is_aborted() {
    TestClient client = rawClient("wamp.2.json");
    client.send("[1,\"main\",{\"roles\":{\"caller\":{}}}]");

    JsonNode abort = client.nextUnchecked();
    assertEquals("wamp.error.no_auth_method", abort.get(2).asText());
  }

  @Test
  void a_call_before_authenticating_aborts_the_session() {
    TestClient client = challenged();
    client.send("[48,1,{},\"ping\"]");

    assertEquals(3, client.nextUnchecked().get(0).asInt());
  }

  @Test
  void a_challenge_not_answered_in_time_is_aborted() {
    TestClient client = challenged();

    JsonNode abort = client.nextUnchecked();

    assertEquals(3, abort.get(0).asInt(), abort.toString());
    assertEquals("wamp.error.authentication_failed", abort.get(2).asText());
    assertEquals(1008, client.awaitCloseCode());
  }
}
