package io.jobwire.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jobwire.protocol.IngressMessage;
import io.jobwire.worker.Worker;
import io.jobwire.worker.testing.WorkerHarness;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PingHandlerTest {
  private final WorkerHarness harness = new WorkerHarness();

  @BeforeEach
  void start() {
    harness.start(ExampleWorkers.register(Worker.builder()));
  }

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void ping_reports_count_ticks_then_result() {
    harness.send("j-p", "ping", Map.of("count", 3, "interval_ms", 10));

    harness.awaitDone("j-p");
    var result = harness.awaitResult("j-p");
    var pushed = harness.pushed("j-p");
    assertEquals(4, pushed.size(), pushed::toString);
    for (int tick = 1; tick <= 3; tick++) {
      var progress = assertInstanceOf(IngressMessage.Progress.class, pushed.get(tick - 1));
      assertEquals(tick, progress.seq());
      assertEquals(Map.of("tick", tick), Map.of("tick", progress.data().get("tick").asInt()));
    }
    assertEquals(4, result.seq());
    assertEquals(3, result.data().get("ticks").asInt());
  }

  @Test
  void ping_with_count_zero_returns_at_once() {
    harness.send("j-0", "ping", Map.of("count", 0, "interval_ms", 60_000));

    harness.awaitDone("j-0"); // waits 10 s at most: one interval would be far longer
    var result = harness.awaitResult("j-0");
    assertEquals(0, result.data().get("ticks").asInt());
    assertEquals(1, harness.pushed("j-0").size(), "no progress, only the result");
  }

  @Test
  void ping_rejects_a_count_out_of_bounds_without_retry() {
    harness.send("j-big", "ping", Map.of("count", 1001));

    var fail = harness.awaitFail("j-big");
    assertEquals("bad_request", fail.error().code());
    assertFalse(fail.retry());
  }
}
