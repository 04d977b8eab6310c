package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** A user cannot read another user's subscription, job status or results. */
class PerUserTest extends TokenAuthFrontend {
  private TestClient as(String user) {
    TestClient client = clientWithQuery("token=" + issue(user));
    assertEquals(user, client.next("welcome").path("user").asText());
    return client;
  }

  @Test
  void user_a_cannot_status_resume_or_unsubscribe_user_bs_job_or_subscription() {
    TestClient bob = as("bob");
    bob.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
    JsonNode subscribed = bob.next("subscribed");
    String sub = subscribed.path("sub").asText();
    String job = subscribed.path("job").asText();

    TestClient alice = as("alice");
    alice.send("{\"op\":\"status\",\"ref\":1,\"job\":\"" + job + "\"}");
    assertEquals("forbidden", alice.next("error").path("code").asText());
    alice.send("{\"op\":\"subscribe\",\"ref\":2,\"resume\":{\"sub\":\"" + sub + "\",\"after\":0}}");
    assertEquals("forbidden", alice.next("error").path("code").asText());
    alice.send("{\"op\":\"unsubscribe\",\"ref\":3,\"sub\":\"" + sub + "\"}");
    assertEquals("forbidden", alice.next("error").path("code").asText());

    worker().result(job, sub, 1, "{\"secret\":\"bob's\"}");
    assertEquals("bob's", bob.next("result").path("data").path("secret").asText());
    alice.assertNextIsPong();

    bob.send("{\"op\":\"status\",\"ref\":4,\"job\":\"" + job + "\"}");
    assertEquals("status", bob.next().path("op").asText());
  }

  @Test
  void the_same_user_on_a_new_connection_may_resume() {
    TestClient first = as("carol");
    first.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
    String sub = first.next("subscribed").path("sub").asText();

    TestClient second = as("carol");
    second.send(
        "{\"op\":\"subscribe\",\"ref\":2,\"resume\":{\"sub\":\"" + sub + "\",\"after\":0}}");
    assertEquals(sub, second.next("subscribed").path("sub").asText());
  }
}
