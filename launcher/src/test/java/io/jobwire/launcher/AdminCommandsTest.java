package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.client.WsClient;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.JobState;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code jobwire topic pause|resume}, {@code jobwire cancel} and {@code jobwire schedule} against a
 * real stack: Redis, a broker, the example workers, a front end and a WebSocket client.
 */
class AdminCommandsTest {
  static final Duration WAIT = Duration.ofSeconds(15);
  @RegisterExtension static final StackExtension stack = StackExtension.examples(2);

  @Test
  void paused_topic_holds_a_subscribers_job_until_resumed_from_the_terminal() throws Exception {
    try (var client = WsClient.connect(stack.webSocketUrl())) {
      client.next("welcome", WAIT);
      var pause = CliRun.jobwire("topic", "pause", "upper", "--redis", stack.redisUri());
      assertEquals("paused upper", pause.output().strip());

      client.send(
          "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"upper\",\"params\":{\"text\":\"a\"}}");
      String job = client.next("subscribed", WAIT).path("job").asText();
      await()
          .during(Duration.ofMillis(700))
          .atMost(WAIT)
          .until(() -> state(job) == JobState.QUEUED);
      var status = CliRun.jobwire("status", "--redis", stack.redisUri());
      assertTrue(status.output().contains("paused: upper"), status.output());
      assertEquals(
          "upper", CliRun.jobwire("topic", "paused", "--redis", stack.redisUri()).output().strip());

      var resume = CliRun.jobwire("topic", "resume", "upper", "--redis", stack.redisUri());
      assertEquals("resumed upper", resume.output().strip());
      assertEquals(job, client.next("result", WAIT).path("job").asText());
    }
  }

  @Test
  void cancel_from_the_terminal_stops_a_running_job_and_tells_its_subscriber() throws Exception {
    try (var client = WsClient.connect(stack.webSocketUrl())) {
      client.next("welcome", WAIT);
      client.send(
          "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{\"count\":2,\"interval_ms\":60000}}");
      String job = client.next("subscribed", WAIT).path("job").asText();
      await().atMost(WAIT).until(() -> state(job) == JobState.RUNNING);

      var cancel = CliRun.jobwire("cancel", job, "--redis", stack.redisUri());
      assertEquals("cancelled " + job, cancel.output().strip());

      JsonNode failed = client.next("failed", WAIT);
      assertEquals(job, failed.path("job").asText());
      assertEquals("cancelled", failed.path("error").path("code").asText());
      await().atMost(WAIT).until(() -> state(job) == JobState.CANCELLED);
      assertEquals(1, CliRun.jobwire("cancel", job, "--redis", stack.redisUri()).exit());
    }
  }

  @Test
  void schedule_added_from_the_terminal_runs_and_shows_its_outcome() throws Exception {
    var add =
        CliRun.jobwire(
            "schedule",
            "add",
            "pinger",
            "--topic",
            "ping",
            "--every",
            "500ms",
            "--params",
            "{\"count\":1,\"interval_ms\":1}",
            "--redis",
            stack.redisUri());
    assertEquals(0, add.exit(), add.output());
    assertTrue(add.output().startsWith("scheduled pinger: every 500ms, next run "), add.output());

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode listed = listed();
              assertTrue(listed.path("runs").asLong() >= 2, listed.toString());
              assertEquals("succeeded", listed.path("last_outcome").asText(), listed.toString());
            });
    var table = CliRun.jobwire("status", "--redis", stack.redisUri());
    assertTrue(table.output().contains("pinger"), table.output());

    var runNow = CliRun.jobwire("schedule", "run-now", "pinger", "--redis", stack.redisUri());
    assertTrue(runNow.output().startsWith("queued "), runNow.output());
    var remove = CliRun.jobwire("schedule", "remove", "pinger", "--redis", stack.redisUri());
    assertEquals("removed pinger", remove.output().strip());
    assertEquals(
        "[]",
        CliRun.jobwire("schedule", "list", "--json", "--redis", stack.redisUri()).output().strip());
    var bad =
        CliRun.jobwire(
            "schedule",
            "add",
            "x",
            "--topic",
            "ping",
            "--cron",
            "61 * * * *",
            "--redis",
            stack.redisUri());
    assertEquals(2, bad.exit());
    assertTrue(bad.output().contains("bad cron"), bad.output());
  }

  private static JsonNode listed() throws Exception {
    var list = CliRun.jobwire("schedule", "list", "--json", "--redis", stack.redisUri());
    return Codec.parse(list.output().strip()).path(0);
  }

  private static JobState state(String job) {
    return stack.get().queue().status(job).orElseThrow().state();
  }
}
