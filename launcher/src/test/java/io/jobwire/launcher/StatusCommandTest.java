package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.launcher.cli.BrokerHttpOption;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.BatchRequest;
import io.jobwire.queue.JobRequest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code jobwire status} and the broker's HTTP endpoint against a running stack. */
class StatusCommandTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  @RegisterExtension static final StackExtension stack = StackExtension.examples(2);

  @Test
  void status_json_counts_workers_front_ends_and_queued_jobs() throws Exception {
    stack.get().queue().enqueue(JobRequest.of("nobody-serves-this", null));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode status =
                  Codec.parse(CliRun.ok("status", "--json", "--redis", stack.redisUri()));
              assertEquals(1, status.path("worker_counts").path("total").asInt(), status::toString);
              assertEquals(1, status.path("worker_counts").path("idle").asInt());
              assertEquals(1, status.path("totals").path("queued").asInt());
              assertEquals(
                  stack.get().frontend().frontendId(),
                  status.path("frontends").path(0).path("id").asText());
            });
  }

  @Test
  void a_job_scheduled_for_later_is_delayed_but_not_a_failure() throws Exception {
    String scheduled =
        CliRun.ok(
                "enqueue",
                "--topic",
                "nobody-serves-this",
                "--in",
                "10m",
                "--redis",
                stack.redisUri())
            .trim();
    String dead =
        stack.get().queue().enqueue(JobRequest.of("command", Codec.parse("{\"name\":\"nope\"}")));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode status =
                  Codec.parse(CliRun.ok("status", "--json", "--redis", stack.redisUri()));
              String failures = status.path("failures").toString();
              assertTrue(failures.contains(dead), failures);
              assertFalse(failures.contains(scheduled), failures);
              assertTrue(status.path("totals").path("delayed").asInt() >= 1, status::toString);
            });
    String text = CliRun.ok("status", "--redis", stack.redisUri());
    assertFalse(text.contains(scheduled), text);
  }

  @Test
  void status_prints_tables_for_people() {
    String text = CliRun.ok("status", "--redis", stack.redisUri());
    assertTrue(text.contains("workers  total"), text);
    assertTrue(text.contains("QUEUE"), text);
  }

  @Test
  void status_fails_with_a_hint_when_redis_is_unreachable() {
    CliRun run = CliRun.jobwire("status", "--redis", "redis://127.0.0.1:1");
    assertEquals(1, run.exit());
    assertTrue(run.output().contains("redis-server"), run.output());
  }

  @Test
  void broker_http_port_serves_health_and_metrics() throws Exception {
    var option = new BrokerHttpOption();
    option.host = "127.0.0.1";
    option.port = TestPorts.free();
    try (var monitor = stack.get().queue().monitor();
        var http = option.start(stack.get().broker(), monitor)) {
      var client = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + http.port();
      var ready =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ready.statusCode(), ready.body());
      // the example worker may still be joining when this test runs first
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                String metrics =
                    client
                        .send(
                            HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .body();
                assertTrue(metrics.contains("jobwire_broker_workers 1.0"), metrics);
                assertTrue(metrics.contains("jobwire_job_wait_seconds_count"), metrics);
              });
    }
  }

  @Test
  void status_of_one_job_and_one_batch_by_id() throws Exception {
    String job =
        stack.get().queue().enqueue(JobRequest.of("upper", Codec.parse("{\"text\":\"ab\"}")));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              JsonNode one =
                  Codec.parse(CliRun.ok("status", job, "--json", "--redis", stack.redisUri()));
              assertEquals("succeeded", one.path("state").asText(), one::toString);
              assertEquals("upper", one.path("topic").asText());
              assertEquals(1, one.path("attempts").asInt());
            });
    assertTrue(CliRun.ok("status", job, "--redis", stack.redisUri()).contains("succeeded"));

    var receipt =
        stack
            .get()
            .queue()
            .enqueueBatch(
                BatchRequest.builder()
                    .add(JobRequest.of("upper", Codec.parse("{\"text\":\"a\"}")))
                    .add(JobRequest.of("fail", Codec.parse("{\"retry\":false}")), 0)
                    .build());
    // --watch prints until the batch completes, then exits 0
    String watched =
        CliRun.ok(
            "status",
            receipt.batch(),
            "--watch",
            "--interval",
            "100ms",
            "--redis",
            stack.redisUri());
    assertTrue(watched.strip().endsWith("failed"), watched);
    assertTrue(watched.contains("complete  2/2 done, 1 succeeded, 1 failed"), watched);

    var out = new StringWriter();
    var cli = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(out));
    assertEquals(1, cli.execute("status", "j-nosuchjob", "--redis", stack.redisUri()));
    assertTrue(out.toString().contains("job j-nosuchjob is unknown"), out::toString);
  }
}
