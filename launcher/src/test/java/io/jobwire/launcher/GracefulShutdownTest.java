package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobwire.client.WsClient;
import io.jobwire.protocol.JobState;
import io.jobwire.worker.Worker;
import io.jobwire.workers.ExampleWorkers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A worker that closes hands back what it cannot finish in its grace period; nothing is lost. */
class GracefulShutdownTest {
  @RegisterExtension static final StackExtension stack = StackExtension.workers(null);

  static final Duration WAIT = Duration.ofSeconds(20);

  static Worker worker(String broker, String id) {
    var builder =
        Worker.builder().broker(broker).id(id).capacity(2).gracePeriod(Duration.ofMillis(200));
    ExampleWorkers.register(builder);
    Worker worker = builder.build();
    worker.start();
    return worker;
  }

  @Test
  void a_job_outliving_its_workers_grace_period_runs_again_elsewhere_and_is_shown_once()
      throws Exception {
    try (var client = WsClient.connect(stack.webSocketUrl())) {
      client.next("welcome", WAIT);
      Worker leaving = worker(stack.get().broker().endpoint(), "leaving");
      client.send(
          "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{\"count\":1,\"interval_ms\":1500}}");
      String job = client.next("subscribed", WAIT).path("job").asText();
      await()
          .atMost(WAIT)
          .until(() -> stack.get().queue().status(job).orElseThrow().state() == JobState.RUNNING);

      leaving.close(); // as on SIGTERM: grace period, then hand back
      try (Worker staying = worker(stack.get().broker().endpoint(), "staying")) {
        List<String> shown = new ArrayList<>();
        String op;
        do {
          var frame = client.next(f -> f.has("seq"), WAIT);
          op = frame.path("op").asText();
          shown.add(op + ":" + frame.path("seq").asInt());
        } while (!op.equals("result"));

        assertEquals(List.of("progress:1", "result:2"), shown);
        // the result is pushed before done reaches the broker
        await()
            .atMost(WAIT)
            .until(
                () -> stack.get().queue().status(job).orElseThrow().state() == JobState.SUCCEEDED);
        assertEquals(
            1,
            stack.get().queue().status(job).orElseThrow().attempts(),
            "the handed-back run did not count as an attempt");
      }
    }
  }
}
