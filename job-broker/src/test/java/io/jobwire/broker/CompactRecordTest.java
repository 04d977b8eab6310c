package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.Codec;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.DeadLetters;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.testing.Layout;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A finished job keeps a compact record (state, topic, user, attempts, error, timestamps) of a few
 * hundred bytes at most, whatever its payload was; a dead letter keeps its payload for a retry.
 */
class CompactRecordTest extends BrokerTestBase {
  static final String BIG_PARAMS = "{\"text\":\"" + "x".repeat(2000) + "\"}";

  String enqueueBig(String topic) throws Exception {
    return queue.enqueue(
        JobRequest.of(topic, Codec.mapper().readTree(BIG_PARAMS))
            .withUser("ann")
            .withReply("tcp://127.0.0.1:5555", Codec.mapper().readTree("{\"sub\":\"s-1\"}")));
  }

  long bytes(String id) {
    Long used =
        (Long) raw.sendCommand(() -> "MEMORY".getBytes(), "USAGE", Layout.job(id), "SAMPLES", "0");
    assertNotNull(used, "no record for " + id);
    return used;
  }

  @Test
  void a_succeeded_job_keeps_under_300_bytes_and_what_status_shows() throws Exception {
    Broker broker = broker();
    FakeWorker worker = worker("w1", broker).ready(1, "big");
    String id = enqueueBig("big");
    assertTrue(bytes(id) > 2000, "the queued job holds its payload");
    assertEquals(id, worker.nextJob().id());

    worker.done(id);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.status(id).orElseThrow().state() == JobState.SUCCEEDED);
    long kept = bytes(id);
    assertTrue(kept <= 300, "a finished job keeps " + kept + " B");
    var status = queue.status(id).orElseThrow();
    assertEquals("big", status.topic());
    assertEquals("ann", status.user());
    assertEquals(1, status.attempts());
    assertTrue(status.createdAt() > 0 && status.updatedAt() >= status.createdAt());
    assertTrue(raw.pttl(Layout.job(id)) > 0, "the record expires");
  }

  @Test
  void a_failed_job_keeps_its_error_and_a_dead_letter_its_payload() throws Exception {
    Broker broker = broker();
    FakeWorker worker = worker("w1", broker).ready(1, "big");
    String id = enqueueBig("big");
    assertEquals(id, worker.nextJob().id());

    worker.fail(id, false);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.status(id).orElseThrow().state() == JobState.DEAD);
    assertEquals("boom", queue.status(id).orElseThrow().error().code());
    var dead = closeLater(DeadLetters.redis(queueConfig())).list(10);
    assertEquals(1, dead.size());
    assertEquals(2000, dead.get(0).params().get("text").asText().length());
  }

  @Test
  void a_topic_set_to_keep_nothing_leaves_no_record_and_its_dead_letters_keep_their_payload()
      throws Exception {
    Broker broker = broker(brokerConfig().retention("quiet", Duration.ZERO));
    FakeWorker worker = worker("w1", broker).ready(1, "quiet", "big");
    String quiet = enqueueBig("quiet");
    String kept = enqueueBig("big");
    String first = worker.nextJob().id();
    worker.done(first);
    String second = worker.nextJob().id();
    worker.done(second);
    assertEquals(Set.of(quiet, kept), Set.of(first, second));

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.status(kept).orElseThrow().state() == JobState.SUCCEEDED);
    await().atMost(Duration.ofSeconds(5)).until(() -> queue.status(quiet).isEmpty());
    assertEquals(false, raw.exists(Layout.job(quiet)), "nothing kept of a quiet job");

    String dies = enqueueBig("quiet");
    assertEquals(dies, worker.nextJob().id());
    worker.fail(dies, false);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.status(dies).orElseThrow().state() == JobState.DEAD);
    var dead = closeLater(DeadLetters.redis(queueConfig())).list(10);
    assertEquals(2000, dead.get(0).params().get("text").asText().length());
  }
}
