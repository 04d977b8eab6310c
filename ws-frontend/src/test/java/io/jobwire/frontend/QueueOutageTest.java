package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** When Redis is down, subscribe answers unavailable and the connection stays usable. */
class QueueOutageTest extends LiveFrontend {

  @Test
  void subscribe_gets_unavailable_when_the_queue_is_down() {
    TestClient client = client();
    redis.stop();

    client.send("{\"op\":\"subscribe\",\"ref\":\"s\",\"topic\":\"ping\"}");

    JsonNode error = client.nextWithin("error", java.time.Duration.ofSeconds(30));
    assertEquals("unavailable", error.path("code").asText());
    assertEquals("s", error.path("ref").asText());
    assertEquals(0, frontend.stats().subscriptions());
    client.assertNextIsPong();
  }
}
