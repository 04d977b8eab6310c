package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.queue.JobQueue;
import org.junit.jupiter.api.Test;

/** WAMP-Ticket with {@code auth jwt}: the ticket is a JWT, its {@code sub} the job's user. */
class WampJwtTest extends LiveFrontend {
  RecordingJobQueue recording;

  @Override
  FrontendConfig.Builder config() {
    return super.config().auth(AuthMode.JWT).jwtSecret(JwtAuthTest.SECRET);
  }

  @Override
  JobQueue queueForTest() {
    recording = new RecordingJobQueue(queue);
    return recording;
  }

  private JsonNode answer(String ticket) {
    return join(rawClient("wamp.2.json"), ticket);
  }

  /** HELLO with ticket, then the ticket: returns the router's answer (WELCOME or ABORT). */
  private static JsonNode join(TestClient client, String ticket) {
    client.send("[1,\"main\",{\"roles\":{\"caller\":{}},\"authmethods\":[\"ticket\"]}]");
    assertEquals(4, client.nextUnchecked().get(0).asInt());
    client.send("[5," + io.jobwire.protocol.Codec.encode(ticket) + ",{}]");
    return client.nextUnchecked();
  }

  @Test
  void a_jwt_ticket_is_welcomed_as_its_sub_and_its_calls_run_as_that_user() throws Exception {
    TestClient client = rawClient("wamp.2.json");
    assertEquals("carol", join(client, JwtAuthTest.valid("carol")).get(2).path("authid").asText());

    client.send("[48,1,{},\"ping\",[],{\"user\":\"mallory\"}]");

    assertEquals("carol", recording.next().request().user());
  }

  @Test
  void a_jwt_signed_with_another_key_is_aborted() throws Exception {
    String forged =
        JwtAuthTest.jwt(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
            "{\"sub\":\"carol\",\"exp\":" + (System.currentTimeMillis() / 1000 + 300) + "}",
            "another-secret-of-at-least-thirty-two-bytes");

    JsonNode abort = answer(forged);

    assertEquals(3, abort.get(0).asInt());
    assertEquals("wamp.error.authentication_failed", abort.get(2).asText());
  }
}
