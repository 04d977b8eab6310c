package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.client.WsClient;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.launcher.cli.WorkerOptions;
import io.jobwire.launcher.service.LocalStack;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.testing.TestRedis;
import io.jobwire.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Jobs wait in Redis, not in a worker: a subscription made while no worker runs is served later.
 */
class LateWorkerTest {
  static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void job_subscribed_while_no_worker_runs_is_delivered_once_a_worker_starts() throws Exception {
    try (var redis = TestRedis.start();
        var stack =
            LocalStack.start(
                redis.uri(),
                BrokerConfig.builder().bind("tcp://127.0.0.1:*"),
                FrontendConfig.builder().port(0).ingressBind("tcp://127.0.0.1:*").build(),
                null);
        var client = WsClient.connect(stack.webSocketUrl("127.0.0.1"))) {
      client.next("welcome", WAIT);
      client.send(
          "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{\"count\":1,\"interval_ms\":10}}");
      JsonNode subscribed = client.next("subscribed", WAIT);
      String job = subscribed.path("job").asText();
      assertEquals(JobState.QUEUED, stack.queue().status(job).orElseThrow().state());

      try (Worker worker = WorkerOptions.examples(2).apply(stack.broker().endpoint())) {
        worker.start();

        JsonNode progress = client.next("progress", WAIT);
        JsonNode result = client.next("result", WAIT);
        assertEquals(job, progress.path("job").asText());
        assertEquals(1, progress.path("seq").asLong());
        assertEquals(2, result.path("seq").asLong());
        await()
            .atMost(WAIT)
            .until(() -> stack.queue().status(job).orElseThrow().state() == JobState.SUCCEEDED);
      }
    }
  }
}
