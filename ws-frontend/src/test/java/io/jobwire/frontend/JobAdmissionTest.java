package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import org.junit.jupiter.api.Test;

/**
 * {@code --max-jobs-per-user}: one user cannot have more jobs queued or running at once, on any
 * number of connections; a topic may have a budget of its own. Nothing runs the jobs here, so they
 * stay queued until the test pushes their results.
 */
class JobAdmissionTest extends LiveFrontend {
  static final int LIMIT = 2;

  @Override
  FrontendConfig.Builder config() {
    return super.config()
        .auth(AuthMode.JWT)
        .jwtSecret(JwtAuthTest.SECRET)
        .limits(Limits.defaults().withMaxJobsPerUser(LIMIT))
        .topic("render", TopicOptions.DEFAULTS.withMaxJobsPerUser(1));
  }

  private TestClient as(String user) throws Exception {
    TestClient client = clientWithQuery("token=" + JwtAuthTest.valid(user));
    client.next("welcome");
    return client;
  }

  private static JsonNode subscribe(TestClient client, String topic) {
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":" + Codec.encode(topic) + "}");
    return client.next();
  }

  @Test
  void a_user_over_the_limit_gets_too_many_jobs_and_another_user_does_not() throws Exception {
    TestClient alice = as("alice");
    TestClient aliceAgain = as("alice");
    JsonNode first = subscribe(alice, "ping");
    assertEquals("subscribed", first.path("op").asText(), first.toString());
    assertEquals("subscribed", subscribe(aliceAgain, "ping").path("op").asText());

    JsonNode refused = subscribe(alice, "ping");
    assertEquals("too_many_jobs", refused.path("code").asText(), refused.toString());
    assertTrue(refused.path("message").asText().contains("alice"), refused.toString());
    assertEquals("subscribed", subscribe(as("bob"), "ping").path("op").asText());

    worker().result(first.path("job").asText(), first.path("sub").asText(), 1, "{}");
    alice.next("result");
    assertEquals("subscribed", subscribe(alice, "ping").path("op").asText());
  }

  @Test
  void a_topic_with_its_own_limit_counts_apart() throws Exception {
    TestClient carol = as("carol");
    assertEquals("subscribed", subscribe(carol, "render").path("op").asText());
    assertEquals("too_many_jobs", subscribe(carol, "render").path("code").asText());

    assertEquals("subscribed", subscribe(carol, "ping").path("op").asText());
    assertEquals("subscribed", subscribe(carol, "ping").path("op").asText());
    assertEquals("too_many_jobs", subscribe(carol, "ping").path("code").asText());
  }

  @Test
  void unsubscribing_gives_the_slot_back() throws Exception {
    TestClient dave = as("dave");
    JsonNode first = subscribe(dave, "ping");
    subscribe(dave, "ping");
    assertEquals("too_many_jobs", subscribe(dave, "ping").path("code").asText());

    dave.send("{\"op\":\"unsubscribe\",\"ref\":2,\"sub\":\"" + first.path("sub").asText() + "\"}");
    dave.next("unsubscribed");
    assertEquals("subscribed", subscribe(dave, "ping").path("op").asText());
  }
}
