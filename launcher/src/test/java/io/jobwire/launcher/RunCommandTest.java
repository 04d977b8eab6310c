package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.launcher.jobs.JobRun;
import io.jobwire.launcher.jobs.RunCommand;
import io.jobwire.launcher.jobs.RunPrinter;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.JobState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code jobwire run} against the demo's stack (front end, broker, example workers, Redis). */
class RunCommandTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  @RegisterExtension static final StackExtension stack = StackExtension.examples(2);

  static String url() {
    return stack.webSocketUrl();
  }

  @Test
  void run_ping_prints_three_progress_lines_and_the_result_and_exits_0() {
    CliRun ran =
        CliRun.jobwire(
            "run", "ping", "--params", "{\"count\":3,\"interval_ms\":10}", "--url", url());
    assertEquals(0, ran.exit(), ran::toString);
    assertEquals(
        List.of(
            "progress 1 {\"tick\":1}",
            "progress 2 {\"tick\":2}",
            "progress 3 {\"tick\":3}",
            "result {\"ticks\":3}"),
        ran.lines());
  }

  @Test
  void run_json_prints_each_delivery_as_one_json_object_per_line() throws Exception {
    CliRun ran =
        CliRun.jobwire(
            "run", "ping", "--params", "{\"count\":2,\"interval_ms\":0}", "--url", url(), "--json");
    assertEquals(0, ran.exit(), ran::toString);
    assertEquals(3, ran.lines().size(), ran::toString);
    JsonNode last = Codec.parse(ran.lines().get(2));
    assertEquals("result", last.path("op").asText());
    assertEquals(3, last.path("seq").asInt());
    assertEquals("", ran.err());
  }

  @Test
  void run_of_a_failing_job_exits_1_with_the_error_on_stderr() {
    CliRun ran = CliRun.jobwire("run", "fail", "--params", "{\"retry\":false}", "--url", url());
    assertEquals(RunCommand.FAILED, ran.exit(), ran::toString);
    assertEquals("", ran.out());
    assertTrue(ran.err().contains("failed: requested: failed on request"), ran.err());
  }

  @Test
  void run_exits_2_when_the_front_end_cannot_be_reached() {
    CliRun ran =
        CliRun.jobwire("run", "ping", "--url", "ws://127.0.0.1:" + TestPorts.free() + "/ws");
    assertEquals(RunCommand.ERROR, ran.exit(), ran::toString);
    assertTrue(ran.err().contains("cannot connect"), ran.err());
  }

  @Test
  void run_exits_2_on_params_that_are_not_an_object() {
    CliRun ran = CliRun.jobwire("run", "ping", "--params", "[1]", "--url", url());
    assertEquals(RunCommand.ERROR, ran.exit(), ran::toString);
    assertTrue(ran.err().contains("--params"), ran.err());
  }

  @Test
  void cancelling_a_run_unsubscribes_and_so_cancels_the_job() throws Exception {
    var printer =
        new RunPrinter(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false);
    var jobs = new CompletableFuture<String>();
    var listener =
        new JobRun.Listener() {
          @Override
          public void subscribed(JsonNode frame) {
            jobs.complete(frame.path("job").asText());
          }

          @Override
          public void delivered(JsonNode frame) {
            printer.delivered(frame);
          }

          @Override
          public void gap(long from, long to) {}

          @Override
          public void reconnecting(String why, long delayMs) {}
        };
    var run =
        new JobRun(
            url(),
            null,
            null,
            "ping",
            (com.fasterxml.jackson.databind.node.ObjectNode)
                Codec.parse("{\"count\":100,\"interval_ms\":100}"),
            listener);
    var outcome =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return run.run();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    String job = jobs.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    run.cancel(WAIT);
    assertEquals("cancelled", outcome.get().op());
    await().atMost(WAIT).until(() -> stack.stateOf(job) == JobState.CANCELLED);
  }
}
