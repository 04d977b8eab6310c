package io.jobwire.frontend;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobQueue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code every}: re-run while subscribed, never two runs at once, stops when unsubscribed. */
class RecurringTopicTest extends LiveFrontend {
  static final Duration EVERY = Duration.ofMillis(100);
  RecordingJobQueue recording;

  @Override
  FrontendConfig.Builder config() {
    return super.config()
        .topic(
            "clock",
            TopicOptions.DEFAULTS
                .withEvery(EVERY)
                .withMaxAttempts(2)
                .withTimeout(Duration.ofSeconds(30)));
  }

  @Override
  JobQueue queueForTest() {
    recording = new RecordingJobQueue(queue);
    return recording;
  }

  @Test
  void a_handler_slower_than_the_period_never_overlaps_and_unsubscribe_stops_it() throws Exception {
    TestClient client = client();
    TestWorker worker = worker();
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"clock\"}");
    JsonNode subscribed = client.next("subscribed");
    String sub = subscribed.path("sub").asText();

    RecordingJobQueue.Queued run = recording.next();
    assertEquals(subscribed.path("job").asText(), run.job());
    assertEquals(2, run.request().maxAttempts());
    assertNotEquals(null, run.request().deadline());
    long seq = 0;
    for (int i = 0; i < 3; i++) {
      // The "handler" holds the run for several periods: no second run may start meanwhile.
      assertNull(recording.poll(EVERY.multipliedBy(3)), "a run started while one was running");
      worker.progress(run.job(), sub, 1, "{\"tick\":" + i + "}");
      worker.result(run.job(), sub, 2, "{\"run\":" + i + "}");
      assertEquals(++seq, client.next("progress").path("seq").asLong());
      JsonNode result = client.next("result");
      assertEquals(++seq, result.path("seq").asLong());
      assertEquals(run.job(), result.path("job").asText());
      RecordingJobQueue.Queued next = recording.next();
      assertNotEquals(run.job(), next.job());
      run = next;
    }

    client.send("{\"op\":\"unsubscribe\",\"ref\":2,\"sub\":\"" + sub + "\"}");
    client.next("unsubscribed");
    String last = run.job();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> queue.status(last).orElseThrow().state() == JobState.CANCELLED);
    worker.result(last, sub, 2, "{}");
    assertNull(recording.poll(EVERY.multipliedBy(4)), "a run started after unsubscribe");
    client.assertNextIsPong();
  }
}
