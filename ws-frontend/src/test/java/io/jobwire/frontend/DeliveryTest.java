package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Worker messages pushed into the ingress reach the right client, once, numbered. */
class DeliveryTest extends LiveFrontend {

  /** A subscription as the client learned it from {@code subscribed}. */
  record Sub(String sub, String job) {}

  private static Sub subscribe(TestClient client, String topic) {
    client.send("{\"op\":\"subscribe\",\"ref\":\"sub-1\",\"topic\":\"" + topic + "\"}");
    JsonNode subscribed = client.next("subscribed");
    return new Sub(subscribed.path("sub").asText(), subscribed.path("job").asText());
  }

  /** A short resume window, so that a closed connection's subscriptions end soon. */
  @Override
  FrontendConfig.Builder config() {
    return super.config().resume(new ResumeWindow(100, Duration.ofMillis(500)));
  }

  @Test
  void subscribe_replies_subscribed_after_the_job_is_in_redis() {
    TestClient client = client();

    client.send("{\"op\":\"subscribe\",\"ref\":7,\"topic\":\"ping\",\"params\":{\"count\":3}}");

    JsonNode subscribed = client.next("subscribed");
    assertEquals(7, subscribed.path("ref").asInt());
    assertEquals("ping", subscribed.path("topic").asText());
    assertTrue(subscribed.path("sub").asText().startsWith("s-"), subscribed.toString());
    JobStatus status = queue.status(subscribed.path("job").asText()).orElseThrow();
    assertEquals(JobState.QUEUED, status.state());
    assertEquals("ping", status.topic());
  }

  @Test
  void progress_and_result_pushed_by_a_worker_arrive_in_order_with_seq_1_to_n_plus_1() {
    TestClient client = client();
    Sub s = subscribe(client, "ping");
    TestWorker worker = worker();

    for (int tick = 1; tick <= 3; tick++) {
      worker.progress(s.job(), s.sub(), tick, "{\"tick\":" + tick + "}");
    }
    worker.result(s.job(), s.sub(), 4, "{\"ticks\":3}");

    for (int tick = 1; tick <= 3; tick++) {
      JsonNode progress = client.next("progress");
      assertEquals(s.sub(), progress.path("sub").asText());
      assertEquals(s.job(), progress.path("job").asText());
      assertEquals(tick, progress.path("seq").asLong());
      assertEquals(tick, progress.path("data").path("tick").asInt());
    }
    JsonNode result = client.next("result");
    assertEquals(4, result.path("seq").asLong());
    assertEquals(3, result.path("data").path("ticks").asInt());
  }

  @Test
  void duplicate_worker_messages_are_dropped() {
    TestClient client = client();
    Sub s = subscribe(client, "ping");
    TestWorker worker = worker();

    worker.progress(s.job(), s.sub(), 1, "{\"tick\":1}");
    worker.progress(s.job(), s.sub(), 1, "{\"tick\":1}"); // resent
    worker.progress(s.job(), s.sub(), 2, "{\"tick\":2}");
    worker.progress(s.job(), s.sub(), 1, "{\"tick\":1}"); // the job re-ran after a crash
    worker.result(s.job(), s.sub(), 3, "{\"ok\":true}");
    worker.result(s.job(), s.sub(), 3, "{\"ok\":true}"); // resent
    worker.progress(s.job(), s.sub(), 9, "{\"late\":true}"); // after the result

    assertEquals(1, client.next("progress").path("data").path("tick").asInt());
    assertEquals(2, client.next("progress").path("data").path("tick").asInt());
    JsonNode result = client.next("result");
    assertEquals(3, result.path("seq").asLong());
    await().atMost(Duration.ofSeconds(5)).until(() -> frontend.stats().ingressMessages() == 7);
    assertEquals(4, frontend.stats().duplicatesDropped());
    client.assertNextIsPong();
  }

  @Test
  void two_clients_on_one_topic_get_their_own_jobs() {
    TestClient alice = client();
    TestClient bob = client();
    Sub a = subscribe(alice, "ping");
    Sub b = subscribe(bob, "ping");
    TestWorker worker = worker();

    worker.result(b.job(), b.sub(), 1, "{\"for\":\"bob\"}");
    worker.result(a.job(), a.sub(), 1, "{\"for\":\"alice\"}");

    assertNotEquals(a.job(), b.job());
    JsonNode toAlice = alice.next("result");
    JsonNode toBob = bob.next("result");
    assertEquals("alice", toAlice.path("data").path("for").asText());
    assertEquals(a.job(), toAlice.path("job").asText());
    assertEquals(1, toAlice.path("seq").asLong());
    assertEquals("bob", toBob.path("data").path("for").asText());
    assertEquals(b.job(), toBob.path("job").asText());
    alice.assertNextIsPong();
    bob.assertNextIsPong();
  }

  @Test
  void unsubscribe_stops_delivery() {
    TestClient client = client();
    Sub s = subscribe(client, "ping");
    TestWorker worker = worker();

    client.send("{\"op\":\"unsubscribe\",\"ref\":\"u\",\"sub\":\"" + s.sub() + "\"}");
    JsonNode unsubscribed = client.next("unsubscribed");
    worker.progress(s.job(), s.sub(), 1, "{\"tick\":1}");

    assertEquals("u", unsubscribed.path("ref").asText());
    assertEquals(s.sub(), unsubscribed.path("sub").asText());
    await().atMost(Duration.ofSeconds(5)).until(() -> frontend.stats().unknownRoutes() == 1);
    client.assertNextIsPong();
    assertEquals(0, frontend.stats().subscriptions());
  }

  @Test
  void unsubscribe_cancels_the_unfinished_job() {
    TestClient client = client();
    Sub s = subscribe(client, "ping");

    client.send("{\"op\":\"unsubscribe\",\"sub\":\"" + s.sub() + "\"}");
    client.next("unsubscribed");

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.status(s.job()).orElseThrow().state() == JobState.CANCELLED);
  }

  @Test
  void
      closing_the_connection_keeps_its_subscriptions_for_the_resume_window_then_cancels_their_jobs() {
    TestClient client = client();
    Sub s = subscribe(client, "ping");

    client.close();

    await().atMost(Duration.ofSeconds(5)).until(() -> frontend.stats().connections() == 0);
    assertEquals(1, frontend.stats().subscriptions(), "kept for a resume");
    await().atMost(Duration.ofSeconds(5)).until(() -> frontend.stats().subscriptions() == 0);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.status(s.job()).orElseThrow().state() == JobState.CANCELLED);
  }

  @Test
  void hand_made_result_with_only_a_sub_is_routed() {
    TestClient client = client();
    Sub s = subscribe(client, "ping");
    TestWorker terminal = worker();

    terminal.push(
        "{\"type\":\"result\",\"route\":{\"sub\":\"" + s.sub() + "\"},\"data\":{\"hi\":1}}");
    terminal.push(
        "{\"type\":\"result\",\"route\":{\"sub\":\"" + s.sub() + "\"},\"data\":{\"hi\":2}}");

    JsonNode first = client.next("result");
    JsonNode second = client.next("result");
    assertEquals(1, first.path("seq").asLong());
    assertEquals(1, first.path("data").path("hi").asInt());
    assertEquals(2, second.path("seq").asLong());
    assertEquals(2, second.path("data").path("hi").asInt());
    assertEquals(s.sub(), second.path("sub").asText());
    assertEquals(s.job(), second.path("job").asText());
  }

  @Test
  void publish_reaches_every_subscriber_of_the_topic_as_event() {
    TestClient alice = client();
    TestClient bob = client();
    Sub a = subscribe(alice, "news");
    Sub b = subscribe(bob, "news");
    Sub other = subscribe(bob, "weather");
    TestWorker terminal = worker();

    terminal.progress(a.job(), a.sub(), 1, "{\"tick\":1}");
    alice.next("progress");
    terminal.publish("news", "{\"headline\":\"hi\"}");

    JsonNode toAlice = alice.next("event");
    JsonNode toBob = bob.next("event");
    assertEquals(a.sub(), toAlice.path("sub").asText());
    assertEquals(2, toAlice.path("seq").asLong());
    assertEquals("hi", toAlice.path("data").path("headline").asText());
    assertEquals(b.sub(), toBob.path("sub").asText());
    assertEquals(1, toBob.path("seq").asLong());
    assertNotEquals(other.sub(), toBob.path("sub").asText());
    bob.assertNextIsPong();
  }

  @Test
  void malformed_ingress_message_is_counted_and_the_loop_keeps_running() {
    TestClient client = client();
    Sub s = subscribe(client, "ping");
    TestWorker worker = worker();

    worker.push("not json at all");
    worker.push("{\"type\":\"progress\",\"job\":\"j-1\",\"seq\":1}"); // no route
    worker.push("{\"type\":\"explode\"}");
    worker.result(s.job(), s.sub(), 1, "{\"ok\":true}");

    assertEquals(1, client.next("result").path("seq").asLong());
    FrontendStats stats = frontend.stats();
    assertEquals(3, stats.ingressMalformed());
    assertEquals(4, stats.ingressMessages());
  }

  @Test
  void a_message_routed_to_an_unknown_sub_is_counted() {
    TestWorker worker = worker();

    worker.result("j-x", "s-nobody", 1, "{}");

    await().atMost(Duration.ofSeconds(5)).until(() -> frontend.stats().unknownRoutes() == 1);
  }
}
