package io.jobwire.workers;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.BrokerMessage;
import io.jobwire.worker.Worker;
import io.jobwire.worker.testing.WorkerHarness;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CommandHandlerTest {
  private final WorkerHarness harness = new WorkerHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  private void start(CommandConfig commands) {
    harness.start(ExampleWorkers.register(Worker.builder(), commands));
  }

  @Test
  void command_runs_an_allowed_command() {
    start(CommandConfig.defaults().allowing("greet", "echo", "hello", "; rm -rf /"));

    harness.send("j-e", "command", Map.of("name", "greet"));

    harness.awaitDone("j-e");
    var data = harness.awaitResult("j-e").data();
    assertEquals(0, data.get("exit").asInt());
    assertEquals("hello ; rm -rf /\n", data.get("stdout").asText(), "argv, not a shell line");
    assertEquals("", data.get("stderr").asText());
    assertTrue(data.get("millis").asLong() >= 0);
    assertFalse(data.get("truncated").asBoolean());
  }

  @Test
  void command_fills_an_integer_param_into_its_argv() {
    start(CommandConfig.defaults());

    harness.send("j-z", "command", Map.of("name", "sleep", "seconds", 0));

    harness.awaitDone("j-z");
    assertEquals(0, harness.awaitResult("j-z").data().get("exit").asInt());
  }

  @Test
  void command_rejects_a_name_not_on_the_allow_list() {
    start(CommandConfig.defaults());

    harness.send("j-f", "command", Map.of("name", "rm"));

    var fail = harness.awaitFail("j-f");
    assertEquals("forbidden", fail.error().code());
    assertFalse(fail.retry());
    assertNull(harness.frontend.firstResult("j-f"));
  }

  @Test
  void command_rejects_a_param_that_is_not_a_bounded_integer() {
    start(CommandConfig.defaults());

    harness.send("j-i", "command", Map.of("name", "sleep", "seconds", "1; reboot"));

    var fail = harness.awaitFail("j-i");
    assertEquals("bad_request", fail.error().code());
    assertFalse(fail.retry());
  }

  @Test
  void command_is_killed_on_timeout() {
    start(CommandConfig.defaults().withTimeout(Duration.ofMillis(300)));

    harness.send("j-t", "command", Map.of("name", "sleep", "seconds", 59));

    var fail = harness.awaitFail("j-t");
    assertEquals("timeout", fail.error().code());
    assertFalse(fail.retry());
    await().atMost(Duration.ofSeconds(5)).until(() -> !sleepRunning(59));
  }

  @Test
  void command_is_killed_when_its_job_is_cancelled() {
    start(CommandConfig.defaults());
    harness.send("j-c", "command", Map.of("name", "sleep", "seconds", 58));
    await().atMost(Duration.ofSeconds(5)).until(() -> sleepRunning(58));

    harness.send(new BrokerMessage.Cancel("j-c"));

    await().atMost(Duration.ofSeconds(5)).until(() -> !sleepRunning(58));
  }

  /** Whether a {@code sleep N} started by this JVM still runs. */
  private static boolean sleepRunning(int seconds) {
    return ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .anyMatch(
            p ->
                p.info().commandLine().map(line -> line.endsWith("sleep " + seconds)).orElse(false)
                    || p.info()
                        .arguments()
                        .map(a -> a.length == 1 && a[0].equals("" + seconds))
                        .orElse(false));
  }
}
