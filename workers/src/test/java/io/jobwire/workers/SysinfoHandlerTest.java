package io.jobwire.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.worker.Worker;
import io.jobwire.worker.testing.WorkerHarness;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SysinfoHandlerTest {
  private final WorkerHarness harness = new WorkerHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void sysinfo_returns_processors_and_memory() {
    harness.start(ExampleWorkers.register(Worker.builder()));

    harness.send("j-s", "sysinfo", Map.of());

    harness.awaitDone("j-s");
    var data = harness.awaitResult("j-s").data();
    assertEquals(Runtime.getRuntime().availableProcessors(), data.get("processors").asInt());
    assertEquals(Runtime.getRuntime().maxMemory(), data.get("jvm_memory").get("max").asLong());
    assertTrue(data.get("jvm_memory").get("used").asLong() > 0);
    assertTrue(data.get("os_memory").get("total").asLong() > 0, data::toString);
    assertFalse(data.get("host").asText().isBlank());
    assertTrue(data.get("uptime_ms").asLong() > 0);
    assertTrue(data.has("load_average"));
  }
}
