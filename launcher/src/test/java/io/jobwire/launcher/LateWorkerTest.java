package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.client.WsClient;
import io.jobwire.launcher.cli.WorkerOptions;
import io.jobwire.protocol.JobState;
import io.jobwire.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs wait in Redis, not in a worker: a subscription made while no worker runs is served later.
 */
class LateWorkerTest {
  @RegisterExtension static final StackExtension stack = StackExtension.workers(null);

  static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void job_subscribed_while_no_worker_runs_is_delivered_once_a_worker_starts() throws Exception {
    try (var client = WsClient.connect(stack.webSocketUrl())) {
      client.next("welcome", WAIT);
      client.send(
          "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{\"count\":1,\"interval_ms\":10}}");
      JsonNode subscribed = client.next("subscribed", WAIT);
      String job = subscribed.path("job").asText();
      assertEquals(JobState.QUEUED, stack.get().queue().status(job).orElseThrow().state());

      try (Worker worker = WorkerOptions.examples(2).apply(stack.get().broker().endpoint())) {
        worker.start();

        JsonNode progress = client.next("progress", WAIT);
        JsonNode result = client.next("result", WAIT);
        assertEquals(job, progress.path("job").asText());
        assertEquals(1, progress.path("seq").asLong());
        assertEquals(2, result.path("seq").asLong());
        await()
            .atMost(WAIT)
            .until(
                () -> stack.get().queue().status(job).orElseThrow().state() == JobState.SUCCEEDED);
      }
    }
  }
}
