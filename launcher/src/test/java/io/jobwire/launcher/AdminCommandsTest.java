package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.client.WsClient;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.launcher.cli.WorkerOptions;
import io.jobwire.launcher.service.LocalStack;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code jobwire topic pause|resume}, {@code jobwire cancel} and {@code jobwire schedule} against a
 * real stack: Redis, a broker, the example workers, a front end and a WebSocket client.
 */
class AdminCommandsTest {
  static final Duration WAIT = Duration.ofSeconds(15);
  static TestRedis redis;
  static LocalStack stack;

  @BeforeAll
  static void start() throws Exception {
    redis = TestRedis.start();
    stack =
        LocalStack.start(
            redis.uri(),
            BrokerConfig.builder().bind("tcp://127.0.0.1:*"),
            FrontendConfig.builder().port(0).ingressBind("tcp://127.0.0.1:*").build(),
            WorkerOptions.examples(2));
  }

  @AfterAll
  static void stop() {
    stack.close();
    redis.close();
  }

  @Test
  void paused_topic_holds_a_subscribers_job_until_resumed_from_the_terminal() throws Exception {
    try (var client = WsClient.connect(stack.webSocketUrl("127.0.0.1"))) {
      client.next("welcome", WAIT);
      var pause = DeadCommandTest.jobwire("topic", "pause", "upper", "--redis", redis.uri());
      assertEquals("paused upper", pause.out().strip());

      client.send(
          "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"upper\",\"params\":{\"text\":\"a\"}}");
      String job = client.next("subscribed", WAIT).path("job").asText();
      await()
          .during(Duration.ofMillis(700))
          .atMost(WAIT)
          .until(() -> state(job) == JobState.QUEUED);
      var status = DeadCommandTest.jobwire("status", "--redis", redis.uri());
      assertTrue(status.out().contains("paused: upper"), status.out());
      assertEquals(
          "upper",
          DeadCommandTest.jobwire("topic", "paused", "--redis", redis.uri()).out().strip());

      var resume = DeadCommandTest.jobwire("topic", "resume", "upper", "--redis", redis.uri());
      assertEquals("resumed upper", resume.out().strip());
      assertEquals(job, client.next("result", WAIT).path("job").asText());
    }
  }

  @Test
  void cancel_from_the_terminal_stops_a_running_job_and_tells_its_subscriber() throws Exception {
    try (var client = WsClient.connect(stack.webSocketUrl("127.0.0.1"))) {
      client.next("welcome", WAIT);
      client.send(
          "{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\",\"params\":{\"count\":2,\"interval_ms\":60000}}");
      String job = client.next("subscribed", WAIT).path("job").asText();
      await().atMost(WAIT).until(() -> state(job) == JobState.RUNNING);

      var cancel = DeadCommandTest.jobwire("cancel", job, "--redis", redis.uri());
      assertEquals("cancelled " + job, cancel.out().strip());

      JsonNode failed = client.next("failed", WAIT);
      assertEquals(job, failed.path("job").asText());
      assertEquals("cancelled", failed.path("error").path("code").asText());
      await().atMost(WAIT).until(() -> state(job) == JobState.CANCELLED);
      assertEquals(1, DeadCommandTest.jobwire("cancel", job, "--redis", redis.uri()).exit());
    }
  }

  @Test
  void schedule_added_from_the_terminal_runs_and_shows_its_outcome() throws Exception {
    var add =
        DeadCommandTest.jobwire(
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
            redis.uri());
    assertEquals(0, add.exit(), add.out());
    assertTrue(add.out().startsWith("scheduled pinger: every 500ms, next run "), add.out());

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode listed = listed();
              assertTrue(listed.path("runs").asLong() >= 2, listed.toString());
              assertEquals("succeeded", listed.path("last_outcome").asText(), listed.toString());
            });
    var table = DeadCommandTest.jobwire("status", "--redis", redis.uri());
    assertTrue(table.out().contains("pinger"), table.out());

    var runNow = DeadCommandTest.jobwire("schedule", "run-now", "pinger", "--redis", redis.uri());
    assertTrue(runNow.out().startsWith("queued "), runNow.out());
    var remove = DeadCommandTest.jobwire("schedule", "remove", "pinger", "--redis", redis.uri());
    assertEquals("removed pinger", remove.out().strip());
    assertEquals(
        "[]",
        DeadCommandTest.jobwire("schedule", "list", "--json", "--redis", redis.uri())
            .out()
            .strip());
    var bad =
        DeadCommandTest.jobwire(
            "schedule",
            "add",
            "x",
            "--topic",
            "ping",
            "--cron",
            "61 * * * *",
            "--redis",
            redis.uri());
    assertEquals(2, bad.exit());
    assertTrue(bad.out().contains("bad cron"), bad.out());
  }

  private static JsonNode listed() throws Exception {
    var list = DeadCommandTest.jobwire("schedule", "list", "--json", "--redis", redis.uri());
    return Codec.parse(list.out().strip()).path(0);
  }

  private static JobState state(String job) {
    return stack.queue().status(job).orElseThrow().state();
  }
}
