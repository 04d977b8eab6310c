package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jobwire.client.WsClient;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.JobStatus;
import io.jobwire.worker.Worker;
import io.jobwire.workers.ExampleWorkers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deeply nested {@code params}: the front end refuses them with {@code bad_request}; a job that
 * reaches a Java worker anyway (through {@code enqueue}) too deep to decode ends dead with {@code
 * bad_request} after one attempt, instead of holding a slot until its lease lapses and ending
 * {@code lost}; the job queued behind it runs.
 */
class DeepParamsTest {
  @RegisterExtension
  static final StackExtension stack =
      StackExtension.workers(
          endpoint ->
              ExampleWorkers.register(Worker.builder().broker(endpoint).capacity(1)).build());

  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void deep_params_get_bad_request_at_the_front_end_and_fail_at_once_in_the_java_worker()
      throws Exception {
    try (var client = WsClient.connect(stack.webSocketUrl())) {
      client.next("welcome", WAIT);
      client.send(
          "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"upper\",\"params\":"
              + "{\"a\":".repeat(40)
              + "1"
              + "}".repeat(40)
              + "}");
      JsonNode refused = client.next("error", WAIT);
      assertEquals("bad_request", refused.path("code").asText(), refused.toString());
    }

    String deep = stack.get().queue().enqueue(JobRequest.of("upper", nested(999)));
    String behind =
        stack
            .get()
            .queue()
            .enqueue(JobRequest.of("upper", Codec.mapper().createObjectNode().put("text", "hi")));

    await().atMost(WAIT).until(() -> stack.stateOf(deep), s -> s == JobState.DEAD);
    JobStatus status = stack.get().queue().status(deep).orElseThrow();
    assertEquals("bad_request", status.error().code(), status.toString());
    assertEquals(1, status.attempts(), status.toString());
    await().atMost(WAIT).until(() -> stack.stateOf(behind), s -> s == JobState.SUCCEEDED);
  }

  /** {@code {"a":{"a":…{}}}}, {@code depth} levels. */
  private static ObjectNode nested(int depth) {
    ObjectNode root = Codec.mapper().createObjectNode();
    ObjectNode current = root;
    for (int i = 1; i < depth; i++) {
      current = current.putObject("a");
    }
    return root;
  }
}
