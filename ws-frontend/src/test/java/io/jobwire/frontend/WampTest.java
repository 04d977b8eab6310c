package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobQueue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * WAMP v2 on {@code /ws} against a real front end: the client's side is a plain WebSocket speaking
 * {@code wamp.2.json} by hand, the worker's a real PUSH socket answering the jobs queued in Redis.
 */
class WampTest extends LiveFrontend {
  RecordingJobQueue recording;

  @Override
  FrontendConfig.Builder config() {
    return super.config().topic("clock", TopicOptions.DEFAULTS.withEvery(Duration.ofMillis(50)));
  }

  @Override
  JobQueue queueForTest() {
    recording = new RecordingJobQueue(queue);
    return recording;
  }

  /** A WAMP session joined to the realm {@code main}: HELLO sent, WELCOME read. */
  TestClient wamp() {
    TestClient client = rawClient("wamp.2.json");
    client.send("[1,\"main\",{\"roles\":{\"caller\":{},\"subscriber\":{}}}]");
    JsonNode welcome = client.nextUnchecked();
    assertEquals(2, welcome.get(0).asInt(), "WELCOME: " + welcome);
    return client;
  }

  @Test
  void hello_is_welcomed_with_the_router_roles_and_no_jobwire_welcome_comes_first() {
    TestClient client = rawClient("wamp.2.json");
    assertEquals("wamp.2.json", client.subprotocol());
    client.send("[1,\"main\",{\"roles\":{\"caller\":{}}}]");

    JsonNode welcome = client.nextUnchecked();
    assertEquals(2, welcome.get(0).asInt());
    assertTrue(welcome.get(1).asLong() > 0);
    JsonNode details = welcome.get(2);
    assertEquals("anonymous", details.path("authrole").asText());
    JsonNode dealer = details.path("roles").path("dealer").path("features");
    assertTrue(dealer.path("progressive_call_results").asBoolean());
    assertTrue(dealer.path("call_canceling").asBoolean());
    assertTrue(dealer.path("call_timeout").asBoolean());
    assertTrue(
        details
            .path("roles")
            .path("broker")
            .path("features")
            .path("publisher_exclusion")
            .asBoolean());
  }

  @Test
  void a_call_with_receive_progress_gets_each_progress_then_the_result() throws Exception {
    TestClient client = wamp();
    TestWorker worker = worker();
    client.send("[48,7,{\"receive_progress\":true},\"ping\",[\"a\"],{\"count\":2}]");

    RecordingJobQueue.Queued job = recording.next();
    assertEquals("ping", job.request().topic());
    assertEquals(2, job.request().params().path("count").asInt());
    assertEquals("a", job.request().params().path("args").get(0).asText());
    String sub = job.request().route().path("sub").asText();
    worker.progress(job.job(), sub, 1, "{\"tick\":1}");
    worker.progress(job.job(), sub, 2, "{\"tick\":2}");
    worker.result(job.job(), sub, 3, "{\"ticks\":2}");

    for (int tick = 1; tick <= 2; tick++) {
      JsonNode progress = client.nextUnchecked();
      assertEquals("[50,7,{\"progress\":true},[{\"tick\":" + tick + "}]]", progress.toString());
    }
    assertEquals("[50,7,{},[{\"ticks\":2}]]", client.nextUnchecked().toString());
  }

  @Test
  void a_call_without_receive_progress_gets_only_the_result() throws Exception {
    TestClient client = wamp();
    TestWorker worker = worker();
    client.send("[48,8,{},\"ping\"]");

    RecordingJobQueue.Queued job = recording.next();
    String sub = job.request().route().path("sub").asText();
    worker.progress(job.job(), sub, 1, "{\"tick\":1}");
    worker.result(job.job(), sub, 2, "\"done\"");

    assertEquals("[50,8,{},[\"done\"]]", client.nextUnchecked().toString());
  }

  @Test
  void a_call_on_a_recurring_topic_ends_with_its_first_result() throws Exception {
    TestClient client = wamp();
    client.send("[48,20,{},\"clock\"]");
    RecordingJobQueue.Queued job = recording.next();

    worker().result(job.job(), job.request().route().path("sub").asText(), 1, "\"tick\"");

    assertEquals("[50,20,{},[\"tick\"]]", client.nextUnchecked().toString());
    assertEquals(null, recording.poll(Duration.ofMillis(500)), "the call ran again");
  }

  @Test
  void a_failed_job_gives_an_error_with_the_jobwire_code() throws Exception {
    TestClient client = wamp();
    TestWorker worker = worker();
    client.send("[48,9,{},\"ping\"]");

    RecordingJobQueue.Queued job = recording.next();
    worker.push(
        "{\"type\":\"failed\",\"job\":\"%s\",\"route\":{\"sub\":\"%s\"},\"seq\":1,\"error\":{\"code\":\"boom\",\"message\":\"it broke\"}}"
            .formatted(job.job(), job.request().route().path("sub").asText()));

    JsonNode error = client.nextUnchecked();
    assertEquals(8, error.get(0).asInt());
    assertEquals(48, error.get(1).asInt());
    assertEquals(9, error.get(2).asLong());
    assertEquals("jobwire.error.boom", error.get(4).asText());
    assertEquals("it broke", error.get(5).get(0).asText());
    assertEquals(job.job(), error.get(6).path("job").asText());
  }

  @Test
  void a_call_to_a_topic_not_offered_gives_an_error_with_the_jobwire_code() {
    frontend.close();
    frontend = Frontend.start(config().topics("ping").build(), queueForTest(), null);
    TestClient client = wamp();

    client.send("[48,10,{},\"pnig\"]");

    JsonNode error = client.nextUnchecked();
    assertEquals(8, error.get(0).asInt());
    assertEquals(10, error.get(2).asLong());
    assertEquals("jobwire.error.unknown_topic", error.get(4).asText());
  }

  @Test
  void cancel_answers_canceled_and_cancels_the_job() throws Exception {
    TestClient client = wamp();
    client.send("[48,11,{},\"ping\"]");
    RecordingJobQueue.Queued job = recording.next();
    await().until(() -> queue.status(job.job()).isPresent());

    client.send("[49,11,{\"mode\":\"kill\"}]");

    JsonNode error = client.nextUnchecked();
    assertEquals("wamp.error.canceled", error.get(4).asText());
    assertEquals(11, error.get(2).asLong());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.status(job.job()).orElseThrow().state() == JobState.CANCELLED);
  }

  @Test
  void a_call_timeout_becomes_the_job_deadline() throws Exception {
    TestClient client = wamp();
    long before = System.currentTimeMillis();

    client.send("[48,12,{\"timeout\":1500},\"ping\"]");

    Long deadline = recording.next().request().deadline();
    assertTrue(deadline != null && deadline >= before + 1500, "deadline " + deadline);
    assertTrue(deadline <= System.currentTimeMillis() + 1500, "deadline " + deadline);
  }

  @Test
  void a_dropped_connection_cancels_the_job_of_its_call() throws Exception {
    TestClient client = wamp();
    client.send("[48,13,{},\"ping\"]");
    RecordingJobQueue.Queued job = recording.next();
    await().until(() -> queue.status(job.job()).isPresent());

    client.close();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.status(job.job()).orElseThrow().state() == JobState.CANCELLED);
  }

  @Test
  void a_wamp_and_a_jobwire_subscriber_hear_the_same_publish() {
    TestClient wamp = wamp();
    TestClient jobwire = client();
    jobwire.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"news\"}");
    jobwire.next("subscribed");
    wamp.send("[32,1,{},\"news\"]");
    JsonNode subscribed = wamp.nextUnchecked();
    assertEquals(33, subscribed.get(0).asInt());
    long subscription = subscribed.get(2).asLong();

    worker().publish("news", "{\"headline\":\"hi\"}");

    JsonNode event = wamp.nextUnchecked();
    assertEquals(36, event.get(0).asInt());
    assertEquals(subscription, event.get(1).asLong());
    assertEquals("hi", event.get(4).get(0).path("headline").asText());
    assertEquals("hi", jobwire.next("event").path("data").path("headline").asText());
  }

  @Test
  void unsubscribe_stops_the_events_and_an_unknown_subscription_is_an_error() {
    TestClient wamp = wamp();
    wamp.send("[32,1,{},\"news\"]");
    long subscription = wamp.nextUnchecked().get(2).asLong();

    wamp.send("[34,2," + subscription + "]");
    assertEquals("[35,2]", wamp.nextUnchecked().toString());
    wamp.send("[34,3," + subscription + "]");

    JsonNode error = wamp.nextUnchecked();
    assertEquals("wamp.error.no_such_subscription", error.get(4).asText());
  }

  @Test
  void publish_from_a_wamp_client_is_refused_unless_the_topic_allows_it() {
    TestClient wamp = wamp();

    wamp.send("[16,1,{\"acknowledge\":true},\"news\",[1]]");

    assertEquals("wamp.error.not_authorized", wamp.nextUnchecked().get(4).asText());
  }

  @Test
  void a_publish_allowed_by_the_topic_reaches_the_others_but_not_the_publisher() {
    frontend.close();
    frontend =
        Frontend.start(
            config().wamp(WampOptions.DEFAULTS.withPublishTopics(java.util.Set.of("chat"))).build(),
            queueForTest(),
            null);
    TestClient publisher = wamp();
    TestClient other = wamp();
    for (TestClient client : java.util.List.of(publisher, other)) {
      client.send("[32,1,{},\"chat\"]");
      client.nextUnchecked();
    }

    publisher.send("[16,2,{\"acknowledge\":true},\"chat\",[\"hello\"]]");

    JsonNode published = publisher.nextUnchecked();
    assertEquals(17, published.get(0).asInt());
    JsonNode event = other.nextUnchecked();
    assertEquals("[\"hello\"]", event.get(4).toString());
    assertEquals(published.get(2).asLong(), event.get(2).asLong(), "the publication id");
    publisher.send("[16,3,{\"acknowledge\":true,\"exclude_me\":false},\"chat\",[\"me too\"]]");
    assertEquals(17, publisher.nextUnchecked().get(0).asInt());
    assertEquals("[\"me too\"]", publisher.nextUnchecked().get(4).toString());
  }

  @Test
  void malformed_messages_abort_their_session_and_harm_no_other() throws Exception {
    TestClient healthy = wamp();
    for (String bad :
        java.util.List.of(
            "nonsense",
            "{\"op\":\"ping\"}",
            "[]",
            "[999]",
            "[48,1,{},\"ping\"]", // CALL before HELLO
            "[1,\"main\",{}]", // HELLO without roles
            "[1,\"no.such.realm\",{\"roles\":{}}]")) {
      TestClient client = rawClient("wamp.2.json");
      client.send(bad);
      JsonNode abort = client.nextUnchecked();
      assertEquals(3, abort.get(0).asInt(), bad + " -> " + abort);
      assertEquals(1002, client.awaitCloseCode(), bad);
    }
    TestClient established = wamp();
    established.send("[48,1,{},\"bad topic\"]");
    assertEquals("wamp.error.invalid_uri", established.nextUnchecked().get(4).asText());
    established.send("[48,2,{\"receive_progress\":\"yes\"},\"ping\"]");
    assertEquals("wamp.error.invalid_argument", established.nextUnchecked().get(4).asText());
    established.send("[50,2,{}]"); // a router's message from a client
    assertEquals(3, established.nextUnchecked().get(0).asInt());

    healthy.send("[48,3,{},\"ping\"]");
    RecordingJobQueue.Queued job = recording.next();
    worker().result(job.job(), job.request().route().path("sub").asText(), 1, "1");
    assertEquals("[50,3,{},[1]]", healthy.nextUnchecked().toString());
    assertFalse(healthy.awaitCloseCodeWithin(Duration.ofMillis(100)));
  }

  @Test
  void configured_realms_replace_the_namespace() {
    frontend.close();
    frontend =
        Frontend.start(
            config().wamp(WampOptions.DEFAULTS.withRealms(java.util.Set.of("realm1"))).build(),
            queueForTest(),
            null);
    TestClient joining = rawClient("wamp.2.json");
    TestClient refused = rawClient("wamp.2.json");

    joining.send("[1,\"realm1\",{\"roles\":{\"caller\":{}}}]");
    refused.send("[1,\"main\",{\"roles\":{\"caller\":{}}}]");

    assertEquals("realm1", joining.nextUnchecked().get(2).path("realm").asText());
    assertEquals("wamp.error.no_such_realm", refused.nextUnchecked().get(2).asText());
  }

  @Test
  void goodbye_is_answered_and_the_connection_closes() {
    TestClient client = wamp();

    client.send("[6,{},\"wamp.close.close_realm\"]");

    assertEquals("[6,{},\"wamp.close.goodbye_and_out\"]", client.nextUnchecked().toString());
    assertEquals(1000, client.awaitCloseCode());
  }

  @Test
  void a_front_end_shutting_down_says_goodbye() {
    TestClient client = wamp();

    frontend.close();

    JsonNode goodbye = client.nextUnchecked();
    assertEquals(6, goodbye.get(0).asInt(), goodbye.toString());
    assertEquals("wamp.close.system_shutdown", goodbye.get(2).asText());
    assertEquals(1001, client.awaitCloseCode());
  }

  @Test
  void a_client_asking_for_no_subprotocol_still_speaks_jobwire() {
    TestClient client = rawClient();
    assertEquals("jobwire.v1", client.next("welcome").path("protocol").asText());
  }

  @Test
  void the_first_subprotocol_the_client_offers_wins() {
    assertEquals("wamp.2.json", rawClient("wamp.2.json", "jobwire.v1").subprotocol());
    assertEquals("jobwire.v1", rawClient("jobwire.v1", "wamp.2.json").subprotocol());
    assertEquals("wamp.2.json", rawClient("wamp.2.msgpack", "wamp.2.json").subprotocol());
    assertThrows(RuntimeException.class, () -> rawClient("wamp.2.msgpack"));
  }
}
