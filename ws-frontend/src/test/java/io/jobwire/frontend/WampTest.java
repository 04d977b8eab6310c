package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.broker.JobQueue;
import org.junit.jupiter.api.Test;

/**
 * WAMP v2 on {@code /ws} against a real front end: the client's side is a plain WebSocket speaking
 * {@code wamp.2.json} by hand, the worker's a real PUSH socket answering the jobs queued in Redis.
 */
class WampTest extends LiveFrontend {
  RecordingJobQueue recording;

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
}
