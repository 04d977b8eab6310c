package io.jobwire.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.BrokerMessage;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.Job;
import io.jobwire.worker.Worker;
import io.jobwire.worker.testing.WorkerHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code upper}, {@code count} and {@code fail} behave as docs/worker-protocol.md says. */
class ConformanceTopicsTest {
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
  void upper_returns_the_text_in_upper_case() {
    harness.send("j-u", "upper", Map.of("text", "abc"));

    harness.awaitDone("j-u");
    assertEquals("ABC", harness.awaitResult("j-u").data().get("text").asText());
    assertEquals(1, harness.pushed("j-u").size(), "no progress, only the result");
  }

  @Test
  void count_reports_one_to_n_then_n() {
    harness.send("j-c", "count", Map.of("n", 3, "interval_ms", 5));

    harness.awaitDone("j-c");
    List<String> pushed = harness.pushed("j-c").stream().map(Codec::encode).toList();
    assertEquals(4, pushed.size(), pushed::toString);
    for (int i = 1; i <= 3; i++) {
      assertTrue(pushed.get(i - 1).contains("\"seq\":" + i), pushed.get(i - 1));
      assertTrue(pushed.get(i - 1).contains("\"data\":{\"i\":" + i + "}"), pushed.get(i - 1));
    }
    assertEquals(4, harness.awaitResult("j-c").seq());
    assertEquals(3, harness.awaitResult("j-c").data().get("n").asInt());
  }

  @Test
  void fail_fails_with_the_asked_retry_until_the_attempt_that_succeeds() {
    harness.send(attempt("j-f", Map.of("retry", true, "succeed_on", 2), 1));
    var first = harness.awaitFail("j-f");
    assertEquals("requested", first.error().code());
    assertTrue(first.retry());

    harness.send(attempt("j-f", Map.of("retry", true, "succeed_on", 2), 2));
    harness.awaitDone("j-f");
    assertEquals(2, harness.awaitResult("j-f").data().get("attempt").asInt());
  }

  @Test
  void fail_without_retry_asks_for_the_dead_letters() {
    harness.send("j-d", "fail", Map.of("retry", false));

    var fail = harness.awaitFail("j-d");
    assertEquals("requested", fail.error().code());
    assertFalse(fail.retry());
  }

  private BrokerMessage.Assign attempt(String id, Map<String, ?> params, int attempt) {
    var route = Codec.mapper().createObjectNode().put("sub", "s-" + id);
    return new BrokerMessage.Assign(
        new Job(
            id,
            "fail",
            Codec.mapper().valueToTree(params),
            null,
            harness.frontend.endpoint(),
            route,
            attempt,
            3,
            null));
  }
}
