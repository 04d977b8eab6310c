package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.testing.Layout;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pausing a topic across brokers, resuming it, and cancelling queued and running jobs. */
class PauseCancelTest extends BrokerTestBase {
  static final Duration QUIET = Duration.ofMillis(500);

  @Test
  void paused_topic_holds_its_queued_and_new_jobs_on_two_brokers_until_resumed() {
    // polls 5 s apart: only the wake that resume publishes can start the jobs within 2.5 s
    var slowPoll = brokerConfig().pollInterval(Duration.ofSeconds(5));
    FakeWorker a = worker("wa", broker(slowPoll)).ready(5, "paused");
    FakeWorker b = worker("wb", broker(slowPoll)).ready(5, "paused");
    String before = enqueue("paused");
    assertTrue(queue.pause("paused"));
    // the job enqueued before the pause may have gone already: take it wherever it went
    Set<String> started = new HashSet<>();
    drain(a, started);
    drain(b, started);
    started.remove(before);
    String queued1 = enqueue("paused");
    String queued2 = enqueue("paused");

    assertNull(a.next(QUIET), "a paused topic hands out nothing");
    assertNull(b.next(QUIET), "on either broker");
    assertEquals(JobState.QUEUED, queue.status(queued1).orElseThrow().state());
    assertEquals(Set.of("paused"), queue.paused());
    assertFalse(queue.pause("paused"), "already paused");

    long resumed = System.nanoTime();
    assertTrue(queue.resume("paused"));
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              drain(a, started);
              drain(b, started);
              assertTrue(started.containsAll(Set.of(queued1, queued2)), started.toString());
            });
    long tookMs = (System.nanoTime() - resumed) / 1_000_000;
    assertTrue(tookMs < 2_500, "resume wakes the brokers, no poll wait: took " + tookMs + " ms");
    assertEquals(Set.of(), queue.paused());
    assertFalse(queue.resume("paused"), "not paused any more");
  }

  @Test
  void cancel_of_a_queued_job_drops_it_and_tells_its_subscriber() throws Exception {
    broker();
    FakeFrontend frontend = closeLater(new FakeFrontend());
    queue.pause("later");
    String id = queue.enqueue(routed("later", frontend, "s-q"));

    assertTrue(queue.cancel(id, true));

    var failed =
        assertInstanceOf(IngressMessage.Failed.class, frontend.next(Duration.ofSeconds(5)));
    assertEquals(id, failed.job());
    assertEquals("s-q", failed.sub());
    assertEquals("cancelled", failed.error().code());
    assertEquals(JobState.CANCELLED, queue.status(id).orElseThrow().state());
    assertEquals(0, raw.zcard(Layout.topic(raw, "later").queue()));
    assertFalse(queue.cancel(id, true), "already finished");
  }

  @Test
  void notice_of_a_queued_job_cancelled_while_no_broker_ran_is_sent_by_the_next_broker()
      throws Exception {
    FakeFrontend frontend = closeLater(new FakeFrontend());
    queue.pause("later");
    String id = queue.enqueue(routed("later", frontend, "s-n"));
    assertTrue(queue.cancel(id, true));

    broker();
    var failed =
        assertInstanceOf(IngressMessage.Failed.class, frontend.next(Duration.ofSeconds(5)));
    assertEquals(id, failed.job());
    assertNull(frontend.next(QUIET), "sent once");
  }

  @Test
  void cancel_of_a_running_job_reaches_its_worker_and_its_subscriber() throws Exception {
    Broker broker = broker();
    FakeFrontend frontend = closeLater(new FakeFrontend());
    FakeWorker worker = worker("w1", broker).ready(1, "slow");
    String id = queue.enqueue(routed("slow", frontend, "s-r"));
    assertEquals(id, worker.nextJob().id());

    assertTrue(queue.cancel(id, true));

    JsonNode cancel = worker.next(Duration.ofSeconds(5));
    assertNotNull(cancel, "the worker heard nothing");
    assertEquals("cancel", cancel.path("type").asText());
    assertEquals(id, cancel.path("job").asText());
    var failed =
        assertInstanceOf(IngressMessage.Failed.class, frontend.next(Duration.ofSeconds(5)));
    assertEquals(id, failed.job());
    assertEquals("s-r", failed.sub());
    assertEquals("cancelled", failed.error().code());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.status(id).orElseThrow().state() == JobState.CANCELLED);
  }

  @Test
  void cancel_without_telling_leaves_the_subscriber_alone() throws Exception {
    Broker broker = broker();
    FakeFrontend frontend = closeLater(new FakeFrontend());
    FakeWorker worker = worker("w1", broker).ready(1, "slow");
    String id = queue.enqueue(routed("slow", frontend, "s-s"));
    worker.nextJob();

    assertTrue(queue.cancel(id));

    assertEquals("cancel", worker.next(Duration.ofSeconds(5)).path("type").asText());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.status(id).orElseThrow().state() == JobState.CANCELLED);
    assertNull(frontend.next(QUIET));
  }

  private JobRequest routed(String topic, FakeFrontend frontend, String sub) {
    return JobRequest.of(topic, Codec.mapper().createObjectNode())
        .withReply(frontend.endpoint, Codec.mapper().createObjectNode().put("sub", sub));
  }

  private String enqueue(String topic) {
    return queue.enqueue(JobRequest.of(topic, Codec.mapper().createObjectNode()));
  }

  private static void drain(FakeWorker worker, Set<String> started) {
    for (JsonNode m = worker.next(Duration.ofMillis(50));
        m != null;
        m = worker.next(Duration.ofMillis(50))) {
      if ("job".equals(m.path("type").asText())) {
        started.add(m.path("job").path("id").asText());
      }
    }
  }
}
