package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobwire.broker.BrokerConfig;
import io.jobwire.client.WsClient;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.launcher.cli.WorkerOptions;
import io.jobwire.launcher.service.LocalStack;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The last subscriber leaving ends the job, end to end: queued ones dropped, running ones
 * cancelled.
 */
class CancelTest {
  static final Duration WAIT = Duration.ofSeconds(15);

  @Test
  void leaving_subscribers_drop_queued_jobs_and_cancel_running_ones() throws Exception {
    try (var redis = TestRedis.start();
        var stack =
            LocalStack.start(
                redis.uri(),
                BrokerConfig.builder().bind("tcp://127.0.0.1:*"),
                FrontendConfig.builder().port(0).ingressBind("tcp://127.0.0.1:*").build(),
                WorkerOptions.examples(1));
        var client = WsClient.connect(stack.webSocketUrl("127.0.0.1"))) {
      client.next("welcome", WAIT);
      String slow =
          "{\"op\":\"subscribe\",\"ref\":%d,\"topic\":\"ping\",\"params\":{\"count\":1,\"interval_ms\":60000}}";
      client.send(slow.formatted(1));
      var running = client.next("subscribed", WAIT);
      await()
          .atMost(WAIT)
          .until(() -> stateOf(stack, running.path("job").asText()) == JobState.RUNNING);
      client.send(slow.formatted(2)); // capacity 1: this one waits in the queue
      var queued = client.next("subscribed", WAIT);
      assertEquals(JobState.QUEUED, stateOf(stack, queued.path("job").asText()));

      client.send(
          "{\"op\":\"unsubscribe\",\"ref\":3,\"sub\":\"" + queued.path("sub").asText() + "\"}");
      client.send(
          "{\"op\":\"unsubscribe\",\"ref\":4,\"sub\":\"" + running.path("sub").asText() + "\"}");

      await()
          .atMost(WAIT)
          .until(() -> stateOf(stack, queued.path("job").asText()) == JobState.CANCELLED);
      await()
          .atMost(WAIT)
          .until(() -> stateOf(stack, running.path("job").asText()) == JobState.CANCELLED);
      // the worker stopped it: its only slot takes a new job at once
      client.send(
          "{\"op\":\"subscribe\",\"ref\":5,\"topic\":\"ping\",\"params\":{\"count\":1,\"interval_ms\":1}}");
      client.next("subscribed", WAIT);
      client.next("result", WAIT);
    }
  }

  private static JobState stateOf(LocalStack stack, String job) {
    return stack.queue().status(job).orElseThrow().state();
  }
}
