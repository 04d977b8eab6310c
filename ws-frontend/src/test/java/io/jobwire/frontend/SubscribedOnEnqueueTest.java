package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.RedisConnections;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

/**
 * With history in Redis, {@code subscribed} goes out from {@code jobwire-enqueue} once the job and
 * the subscription's first state are in Redis, both written in one round trip: the real queue
 * behind a gate that holds enqueue's return until the test opens it.
 */
class SubscribedOnEnqueueTest extends LiveFrontend {
  private static final String P = "jobwire:{main}:";

  private GatedJobQueue gated;
  private UnifiedJedis raw;

  @Override
  FrontendConfig.Builder config() {
    return super.config().cluster(ClusterConfig.redis(redisUri()));
  }

  /** The Redis of the queue and of the subscriptions' state. */
  String redisUri() {
    return redis.uri();
  }

  JobQueue realQueue() {
    return queue;
  }

  @Override
  JobQueue queueForTest() {
    gated = new GatedJobQueue(realQueue());
    return gated;
  }

  @BeforeEach
  void connectToRedis() {
    raw = RedisConnections.client(redisUri());
  }

  /** Runs before the base class closes everything, so no enqueue is left waiting at the gate. */
  @AfterEach
  void openTheGateAndDisconnect() {
    gated.open();
    raw.close();
  }

  @Test
  void the_job_and_the_subscription_state_are_in_redis_when_subscribed_arrives() {
    gated.open();
    TestClient client = client();
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{\"n\":1}}");

    JsonNode subscribed = client.next("subscribed");
    String sub = subscribed.path("sub").asText();
    String job = subscribed.path("job").asText();

    Map<String, String> state = raw.hgetAll(P + "sub:" + sub);
    assertEquals(job, state.get("job"));
    assertEquals(frontend.frontendId(), state.get("fe"));
    assertEquals("ping", state.get("topic"));
    assertEquals("0", state.get("seq"));
    assertEquals("0", state.get("finished"));
    assertEquals(sub, state.get("stream"));
    assertEquals("{\"n\":1}", state.get("params"));
    assertTrue(raw.pttl(P + "sub:" + sub) > 0, "the state expires");
    assertTrue(realQueue().status(job).isPresent(), "the job is in Redis");
  }

  @Test
  void a_fast_worker_is_shown_after_subscribed_in_order_gap_free_and_once() throws Exception {
    TestClient client = client();
    TestWorker worker = worker();
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
    GatedJobQueue.Queued queued = gated.nextQueued();
    String sub = queued.request().route().path("sub").asText();
    String job = queued.job();
    // the round trip that queued the job wrote the state too, before any turn of the ingress
    assertEquals(job, raw.hget(P + "sub:" + sub, "job"));

    worker.progress(job, sub, 1, "{\"tick\":1}");
    worker.progress(job, sub, 1, "{\"tick\":1}"); // sent twice: shown once
    worker.progress(job, sub, 2, "{\"tick\":2}");
    worker.result(job, sub, 3, "{\"done\":true}");
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> frontend.stats().deliveries() == 3 && frontend.stats().duplicatesDropped() == 1);
    gated.open();

    JsonNode subscribed = client.next("subscribed");
    assertEquals(sub, subscribed.path("sub").asText());
    assertEquals(job, subscribed.path("job").asText());
    assertEquals(1, client.next("progress").path("seq").asLong());
    assertEquals(2, client.next("progress").path("seq").asLong());
    assertEquals(3, client.next("result").path("seq").asLong());
    client.send("{\"op\":\"ping\"}");
    client.assertNextIsPong();
    assertEquals("3", raw.hget(P + "sub:" + sub, "seq"));
    assertTrue(raw.hexists(P + "sub:" + sub, "m:3"), "the result was written before it was sent");
  }

  @Test
  void a_client_that_moves_right_after_subscribed_gets_the_rest_through_the_new_front_end() {
    gated.open();
    try (Frontend other = Frontend.start(config().frontendId("fe-b").build(), realQueue())) {
      TestClient first = client();
      first.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
      JsonNode subscribed = first.next("subscribed");
      String sub = subscribed.path("sub").asText();
      String job = subscribed.path("job").asText();

      TestClient second = own(TestClient.connect(other.webSocketUri()));
      second.next("welcome");
      second.send("{\"op\":\"subscribe\",\"resume\":{\"sub\":\"" + sub + "\",\"after\":0}}");
      assertEquals(job, second.next("subscribed").path("job").asText());
      await().atMost(Duration.ofSeconds(10)).until(() -> frontend.stats().subscriptions() == 0);

      // The worker still replies to the first, whose next write finds the move (its first write
      // was next to the job: this one checks the owner) and forwards instead of writing over it.
      TestWorker toFirst = worker();
      toFirst.progress(job, sub, 1, "{\"n\":1}");
      toFirst.result(job, sub, 2, "{\"n\":2}");
      assertEquals(1, second.next("progress").path("seq").asLong());
      assertEquals(2, second.next("result").path("seq").asLong());
      second.send("{\"op\":\"ping\"}");
      second.assertNextIsPong();
      assertEquals("fe-b", raw.hget(P + "sub:" + sub, "fe"));
      assertEquals("2", raw.hget(P + "sub:" + sub, "seq"));
    }
  }

  @Test
  void the_next_write_after_one_next_to_the_job_checks_who_owns_the_subscription_now() {
    gated.open();
    TestClient client = client();
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
    JsonNode subscribed = client.next("subscribed");
    String sub = subscribed.path("sub").asText();
    String job = subscribed.path("job").asText();
    // As takeover.lua does when another front end takes it over, before this one hears of it.
    raw.hset(P + "sub:" + sub, "fe", "fe-b");
    raw.hset(P + "moved:" + frontend.frontendId(), sub, "fe-b");

    worker().progress(job, sub, 1, "{\"n\":1}");
    await().atMost(Duration.ofSeconds(5)).until(() -> frontend.stats().deliveries() == 1);

    client.send("{\"op\":\"ping\"}");
    client.assertNextIsPong(); // the progress went to fe-b, not to this client
    assertEquals("fe-b", raw.hget(P + "sub:" + sub, "fe"));
    assertEquals("0", raw.hget(P + "sub:" + sub, "seq"));
  }

  @Test
  void a_client_that_leaves_before_subscribed_leaves_neither_its_job_nor_its_state_behind()
      throws Exception {
    FrontendConfig noWindow = config().resume(ResumeWindow.off()).frontendId("fe-c").build();
    try (Frontend closing = Frontend.start(noWindow, gated)) {
      TestClient client = own(TestClient.connect(closing.webSocketUri()));
      client.next("welcome");
      client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
      GatedJobQueue.Queued queued = gated.nextQueued();
      String sub = queued.request().route().path("sub").asText();
      assertTrue(raw.exists(P + "sub:" + sub), "written next to the job");

      client.close();
      await().atMost(Duration.ofSeconds(5)).until(() -> closing.stats().connections() == 0);
      gated.open();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  realQueue().status(queued.job()).orElseThrow().state()
                          == io.jobwire.protocol.JobState.CANCELLED
                      && !raw.exists(P + "sub:" + sub));
    }
  }

  @Test
  void a_state_write_that_fails_next_to_the_job_is_left_to_the_ingress() {
    gated.open();
    gated.breakAlongside();
    TestClient client = client();
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");

    JsonNode subscribed = client.next("subscribed");
    String sub = subscribed.path("sub").asText();
    assertEquals(subscribed.path("job").asText(), raw.hget(P + "sub:" + sub, "job"));
    assertEquals(frontend.frontendId(), raw.hget(P + "sub:" + sub, "fe"));
  }
}
