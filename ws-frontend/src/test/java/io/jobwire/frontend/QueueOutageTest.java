package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** When Redis is down, subscribe answers unavailable and the connection stays usable. */
class QueueOutageTest extends LiveFrontend {

  @org.junit.jupiter.api.AfterEach
  void redisBack() {
    redis.restart(); // each test starts with Redis up, whatever order they run in
  }

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

  @Test
  void subscribe_works_again_once_redis_is_back_without_restarting_anything() {
    TestClient client = client();
    redis.stop();
    client.send("{\"op\":\"subscribe\",\"ref\":\"down\",\"topic\":\"ping\"}");
    assertEquals(
        "unavailable",
        client.nextWithin("error", java.time.Duration.ofSeconds(30)).path("code").asText());

    redis.restart();

    // the circuit breaker lets a trial call through after its open period; retry until then
    int[] ref = {0};
    await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(
            () -> {
              client.send(
                  "{\"op\":\"subscribe\",\"ref\":%d,\"topic\":\"ping\"}".formatted(++ref[0]));
              JsonNode reply = client.next(); // one reply per subscribe: error or subscribed
              assertEquals(ref[0], reply.path("ref").asInt(), reply.toString());
              return "subscribed".equals(reply.path("op").asText());
            });
    assertEquals(1, frontend.stats().subscriptions());
  }
}
