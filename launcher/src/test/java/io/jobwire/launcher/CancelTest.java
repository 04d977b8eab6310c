package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobwire.client.WsClient;
import io.jobwire.protocol.JobState;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The last subscriber leaving ends the job, end to end: queued ones dropped, running ones
 * cancelled.
 */
class CancelTest {
  @RegisterExtension static final StackExtension stack = StackExtension.examples(1);

  static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void leaving_subscribers_drop_queued_jobs_and_cancel_running_ones() throws Exception {
    try (var client = WsClient.connect(stack.webSocketUrl())) {
      client.next("welcome", WAIT);
      String slow =
          "{\"op\":\"subscribe\",\"ref\":%d,\"topic\":\"ping\",\"params\":{\"count\":1,\"interval_ms\":60000}}";
      client.send(slow.formatted(1));
      var running = client.next("subscribed", WAIT);
      await()
          .atMost(WAIT)
          .until(() -> stack.stateOf(running.path("job").asText()) == JobState.RUNNING);
      client.send(slow.formatted(2)); // capacity 1: this one waits in the queue
      var queued = client.next("subscribed", WAIT);
      assertEquals(JobState.QUEUED, stack.stateOf(queued.path("job").asText()));

      client.send(
          "{\"op\":\"unsubscribe\",\"ref\":3,\"sub\":\"" + queued.path("sub").asText() + "\"}");
      client.send(
          "{\"op\":\"unsubscribe\",\"ref\":4,\"sub\":\"" + running.path("sub").asText() + "\"}");

      await()
          .atMost(WAIT)
          .until(() -> stack.stateOf(queued.path("job").asText()) == JobState.CANCELLED);
      await()
          .atMost(WAIT)
          .until(() -> stack.stateOf(running.path("job").asText()) == JobState.CANCELLED);
      // the worker stopped it: its only slot takes a new job at once
      client.send(
          "{\"op\":\"subscribe\",\"ref\":5,\"topic\":\"ping\",\"params\":{\"count\":1,\"interval_ms\":1}}");
      client.next("subscribed", WAIT);
      client.next("result", WAIT);
    }
  }
}
