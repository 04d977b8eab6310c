package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.queue.JobQueue;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Between "the job is in Redis" and "subscribed is sent": the real queue behind a gate that holds
 * enqueue's return until the test opens it.
 */
class EnqueueTest extends LiveFrontend {
  private GatedJobQueue gated;

  /** No resume window: a subscription ends with its connection. */
  @Override
  FrontendConfig.Builder config() {
    return super.config().resume(ResumeWindow.off());
  }

  @Override
  JobQueue queueForTest() {
    gated = new GatedJobQueue(queue);
    return gated;
  }

  /** Runs before the base class closes everything, so no enqueue is left waiting at the gate. */
  @AfterEach
  void openTheGate() {
    gated.open();
  }

  @Test
  void progress_pushed_before_subscribed_is_sent_is_delivered_after_it() throws Exception {
    TestClient client = client();
    TestWorker worker = worker();
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
    GatedJobQueue.Queued queued = gated.nextQueued();
    String sub = queued.request().route().path("sub").asText();

    worker.progress(queued.job(), sub, 1, "{\"tick\":1}");
    worker.progress(queued.job(), sub, 2, "{\"tick\":2}");
    await().atMost(Duration.ofSeconds(5)).until(() -> frontend.stats().deliveries() == 2);
    gated.open();

    JsonNode subscribed = client.next("subscribed");
    assertEquals(sub, subscribed.path("sub").asText());
    assertEquals(queued.job(), subscribed.path("job").asText());
    assertEquals(1, client.next("progress").path("seq").asLong());
    assertEquals(2, client.next("progress").path("seq").asLong());
  }

  @Test
  void the_job_names_this_front_end_as_reply_to_and_route() throws Exception {
    TestClient client = client();
    client.send("{\"op\":\"subscribe\",\"topic\":\"ping\",\"params\":{\"count\":2}}");

    GatedJobQueue.Queued queued = gated.nextQueued();
    gated.open();
    JsonNode subscribed = client.next("subscribed");

    assertEquals(frontend.ingressEndpoint(), queued.request().replyTo());
    assertEquals(subscribed.path("sub").asText(), queued.request().route().path("sub").asText());
    assertEquals(frontend.frontendId(), queued.request().route().path("fe").asText());
    assertEquals(2, queued.request().params().path("count").asInt());
    assertNull(queued.request().user());
  }

  @Test
  void a_client_that_leaves_while_its_job_is_queued_gets_the_job_cancelled() throws Exception {
    TestClient client = client();
    client.send("{\"op\":\"subscribe\",\"topic\":\"ping\"}");
    GatedJobQueue.Queued queued = gated.nextQueued();

    client.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> frontend.stats().connections() == 0);
    gated.open();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                queue.status(queued.job()).orElseThrow().state()
                    == io.jobwire.protocol.JobState.CANCELLED);
  }

  @Test
  void subscribes_that_pile_up_during_an_enqueue_go_to_redis_in_one_batch() throws Exception {
    TestClient client = client();
    client.send("{\"op\":\"subscribe\",\"topic\":\"ping\"}");
    gated.nextQueued();
    for (int i = 0; i < 3; i++) {
      client.send("{\"op\":\"subscribe\",\"topic\":\"ping\"}");
    }
    // The IO thread handles a connection's frames in order: after the pong, all are handed over.
    client.send("{\"op\":\"ping\"}");
    client.next("pong");

    gated.open();

    for (int i = 0; i < 4; i++) {
      client.next("subscribed");
    }
    assertEquals(List.of(1, 3), gated.batchSizes());
  }
}
