package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.MonitorSnapshot;
import io.jobwire.queue.testing.Layout;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Two front ends on one Redis (the one of {@link LiveFrontend}, here "A", and "B"): publish reaches
 * both, and a client resumes on B what it started on A, whether A is gone or still running.
 */
class SeveralFrontendsTest extends LiveFrontend {
  Frontend other;
  RedisClient raw;

  @Override
  FrontendConfig.Builder config() {
    return super.config()
        .resume(new ResumeWindow(100, Duration.ofSeconds(30)))
        .topic("board", TopicOptions.DEFAULTS.withShared(true, false))
        .topic("tick", TopicOptions.DEFAULTS.withEvery(Duration.ofMillis(200)))
        .cluster(ClusterConfig.redis(redis.uri()));
  }

  @BeforeEach
  void startOther() {
    other = Frontend.start(config().frontendId("fe-b").build(), queue);
    raw = RedisClient.create(URI.create(redis.uri()));
  }

  @AfterEach
  void closeOther() {
    other.close();
    raw.close();
  }

  TestClient clientOf(Frontend frontend) {
    TestClient client = own(TestClient.connect(frontend.webSocketUri()));
    client.next("welcome");
    return client;
  }

  static JsonNode subscribe(TestClient client, String topic) {
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"" + topic + "\"}");
    return client.next("subscribed");
  }

  static void resume(TestClient client, String sub, long after) {
    client.send(
        "{\"op\":\"subscribe\",\"ref\":\"r\",\"resume\":{\"sub\":\"%s\",\"after\":%d}}"
            .formatted(sub, after));
  }

  static void assertDelivery(JsonNode frame, String op, long seq, int n) {
    assertEquals(op, frame.path("op").asText(), frame.toString());
    assertEquals(seq, frame.path("seq").asLong(), frame.toString());
    assertEquals(n, frame.path("data").path("n").asInt(), frame.toString());
  }

  String replyToOf(String job) {
    return raw.hget(Layout.job(job), "reply_to");
  }

  @Test
  void publish_on_one_front_end_reaches_the_subscribers_of_both_once() {
    TestClient onA = clientOf(frontend);
    TestClient onB = clientOf(other);
    subscribe(onA, "news");
    subscribe(onB, "news");

    TestWorker terminal = worker();
    terminal.publish("news", "{\"n\":1}");
    terminal.publish("news", "{\"n\":2}");

    for (TestClient client : new TestClient[] {onA, onB}) {
      assertDelivery(client.next("event"), "event", 1, 1);
      assertDelivery(client.next("event"), "event", 2, 2);
      client.assertNextIsPong();
    }
  }

  @Test
  void a_client_resumes_on_another_front_end_after_its_own_closed_mid_job_with_no_gap() {
    TestClient first = clientOf(frontend);
    JsonNode subscribed = subscribe(first, "ping");
    String sub = subscribed.path("sub").asText();
    String job = subscribed.path("job").asText();
    TestWorker toA = worker();
    toA.progress(job, sub, 1, "{\"n\":1}");
    toA.progress(job, sub, 2, "{\"n\":2}");
    assertDelivery(first.next("progress"), "progress", 1, 1);
    assertDelivery(first.next("progress"), "progress", 2, 2);

    frontend.close();
    toA.progress(job, sub, 3, "{\"n\":3}"); // into the closed front end's ingress: lost
    TestClient second = clientOf(other);
    resume(second, sub, 2);
    JsonNode resumed = second.next("subscribed");
    assertEquals(job, resumed.path("job").asText());
    await().atMost(Duration.ofSeconds(10)).until(() -> other.replyTo().equals(replyToOf(job)));

    // The job runs again for B; what the client already saw is dropped as duplicates.
    TestWorker toB = own(new TestWorker(other.ingressEndpoint()));
    for (int n = 1; n <= 3; n++) {
      toB.progress(job, sub, n, "{\"n\":" + n + "}");
    }
    toB.result(job, sub, 4, "{\"n\":4}");
    assertDelivery(second.next("progress"), "progress", 3, 3);
    assertDelivery(second.next("result"), "result", 4, 4);
    second.assertNextIsPong();
  }

  @Test
  void a_client_that_moves_while_its_first_front_end_runs_gets_the_rest_through_the_new_one() {
    TestClient first = clientOf(frontend);
    JsonNode subscribed = subscribe(first, "ping");
    String sub = subscribed.path("sub").asText();
    String job = subscribed.path("job").asText();
    TestWorker toA = worker();
    toA.progress(job, sub, 1, "{\"n\":1}");
    assertDelivery(first.next("progress"), "progress", 1, 1);

    TestClient second = clientOf(other);
    resume(second, sub, 1);
    assertEquals(job, second.next("subscribed").path("job").asText());
    await().atMost(Duration.ofSeconds(10)).until(() -> frontend.stats().subscriptions() == 0);

    // The worker still replies to A, which forwards to B.
    toA.progress(job, sub, 2, "{\"n\":2}");
    toA.result(job, sub, 3, "{\"n\":3}");
    assertDelivery(second.next("progress"), "progress", 2, 2);
    assertDelivery(second.next("result"), "result", 3, 3);
    second.assertNextIsPong();
    first.assertNextIsPong();
    assertEquals(frontend.replyTo(), replyToOf(job), "A was alive: its job was not rerouted");
  }

  @Test
  void a_resume_on_another_front_end_replays_what_the_client_missed() {
    TestClient first = clientOf(frontend);
    JsonNode subscribed = subscribe(first, "ping");
    String sub = subscribed.path("sub").asText();
    String job = subscribed.path("job").asText();
    TestWorker toA = worker();
    for (int n = 1; n <= 3; n++) {
      toA.progress(job, sub, n, "{\"n\":" + n + "}");
    }
    assertDelivery(first.next("progress"), "progress", 1, 1);
    first.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> frontend.stats().deliveries() == 3);

    TestClient second = clientOf(other);
    resume(second, sub, 1);
    second.next("subscribed");
    assertDelivery(second.next("progress"), "progress", 2, 2);
    assertDelivery(second.next("progress"), "progress", 3, 3);
    second.assertNextIsPong();
  }

  String routeOf(String job) throws Exception {
    String route = raw.hget(Layout.job(job), "route");
    return io.jobwire.protocol.Codec.mapper().readTree(route).path("sub").asText();
  }

  @Test
  void a_shared_topic_with_members_on_both_front_ends_runs_one_job_and_each_gets_it_once()
      throws Exception {
    TestClient onA = clientOf(frontend);
    TestClient onB = clientOf(other);
    String job = subscribe(onA, "board").path("job").asText();
    assertEquals(job, subscribe(onB, "board").path("job").asText(), "one job for both");
    assertEquals(1, raw.zcard(Layout.topic(raw, "board").queue()));

    TestWorker worker = own(new TestWorker(replyToOf(job)));
    worker.progress(job, routeOf(job), 1, "{\"n\":1}");
    worker.result(job, routeOf(job), 2, "{\"n\":2}");
    for (TestClient client : new TestClient[] {onA, onB}) {
      assertDelivery(client.next("progress"), "progress", 1, 1);
      assertDelivery(client.next("result"), "result", 2, 2);
      client.assertNextIsPong();
    }
  }

  @Test
  void
      a_shared_topic_runs_on_from_the_other_front_end_when_its_holder_is_gone_and_its_members_resume_there()
          throws Exception {
    TestClient onA = clientOf(frontend);
    JsonNode subscribedOnA = subscribe(onA, "board");
    String job = subscribedOnA.path("job").asText();
    TestClient onB = clientOf(other);
    assertEquals(job, subscribe(onB, "board").path("job").asText());
    String stream = routeOf(job);
    assertEquals(frontend.replyTo(), replyToOf(job), "the first front end runs it");
    TestWorker toA = worker();
    toA.progress(job, stream, 1, "{\"n\":1}");
    assertDelivery(onA.next("progress"), "progress", 1, 1);
    assertDelivery(onB.next("progress"), "progress", 1, 1);

    frontend.close();
    TestClient movedFromA = clientOf(other);
    resume(movedFromA, subscribedOnA.path("sub").asText(), 1);
    assertEquals(job, movedFromA.next("subscribed").path("job").asText());
    await().atMost(Duration.ofSeconds(15)).until(() -> other.replyTo().equals(replyToOf(job)));

    TestWorker toB = own(new TestWorker(other.ingressEndpoint()));
    toB.progress(job, stream, 1, "{\"n\":1}");
    toB.progress(job, stream, 2, "{\"n\":2}");
    toB.result(job, stream, 3, "{\"n\":3}");
    for (TestClient client : new TestClient[] {onB, movedFromA}) {
      assertDelivery(client.next("progress"), "progress", 2, 2);
      assertDelivery(client.next("result"), "result", 3, 3);
      client.assertNextIsPong();
    }
  }

  @Test
  void unsubscribing_a_taken_over_subscription_cancels_its_job_and_forgets_its_state() {
    TestClient first = clientOf(frontend);
    JsonNode subscribed = subscribe(first, "ping");
    String sub = subscribed.path("sub").asText();
    String job = subscribed.path("job").asText();
    first.close();

    TestClient second = clientOf(other);
    resume(second, sub, 0);
    second.next("subscribed");
    second.send("{\"op\":\"unsubscribe\",\"ref\":2,\"sub\":\"" + sub + "\"}");
    second.next("unsubscribed");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> queue.status(job).orElseThrow().state() == JobState.CANCELLED);
    await().atMost(Duration.ofSeconds(10)).until(() -> !raw.exists("jobwire:{main}:sub:" + sub));
  }

  @Test
  void every_front_end_is_listed_with_the_reply_to_it_advertises() {
    try (var monitor = queue.monitor()) {
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertEquals(
                      java.util.Map.of(
                          frontend.frontendId(), frontend.replyTo(), "fe-b", other.replyTo()),
                      monitor.snapshot().frontends().stream()
                          .collect(
                              java.util.stream.Collectors.toMap(
                                  MonitorSnapshot.FrontendInfo::id,
                                  MonitorSnapshot.FrontendInfo::replyTo))));
    }
  }

  @Test
  void a_recurring_subscription_resumed_on_another_front_end_runs_on_from_there() throws Exception {
    TestClient first = clientOf(frontend);
    JsonNode subscribed = subscribe(first, "tick");
    String sub = subscribed.path("sub").asText();
    String firstRun = subscribed.path("job").asText();
    worker().result(firstRun, sub, 1, "{\"n\":1}");
    assertDelivery(first.next("result"), "result", 1, 1);
    frontend.close();

    TestClient second = clientOf(other);
    resume(second, sub, 1);
    second.next("subscribed");
    // No broker here: the first run stays queued. Every later run replies to B.
    java.util.function.Supplier<List<String>> laterRuns =
        () ->
            raw.zrange(Layout.topic(raw, "tick").queue(), 0, -1).stream()
                .filter(job -> !job.equals(firstRun))
                .toList();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                !laterRuns.get().isEmpty()
                    && laterRuns.get().stream()
                        .allMatch(job -> other.replyTo().equals(replyToOf(job))));
    String next = laterRuns.get().get(0);
    own(new TestWorker(other.ingressEndpoint())).result(next, sub, 1, "{\"n\":2}");
    JsonNode result = second.next("result");
    assertDelivery(result, "result", 2, 2);
    assertEquals(next, result.path("job").asText());
  }

  @Test
  void another_users_subscription_cannot_be_taken_over() {
    TestClient first = clientOf(frontend);
    String sub = subscribe(first, "ping").path("sub").asText();
    raw.hset("jobwire:{main}:sub:" + sub, "user", "someone-else");

    TestClient second = clientOf(other);
    resume(second, sub, 0);
    assertEquals("forbidden", second.next("error").path("code").asText());
    resume(second, "s-unknown", 0);
    assertEquals("not_found", second.next("error").path("code").asText());
  }
}
