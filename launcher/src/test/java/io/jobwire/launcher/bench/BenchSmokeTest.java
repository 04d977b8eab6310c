package io.jobwire.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobwire.launcher.CliRun;
import io.jobwire.queue.testing.TestRedis;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scenarios run and print their figures; what the figures are is for {@code jobwire bench}. */
class BenchSmokeTest {
  static TestRedis redis;

  @BeforeAll
  static void start() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  static String run(String... args) {
    CliRun run = CliRun.jobwire(args);
    assertEquals(0, run.exit(), run::output);
    return run.out();
  }

  @Test
  void throughput_prints_a_table_of_jobs_per_second_end_to_end_and_queue_only() {
    String table =
        run(
            "bench",
            "throughput",
            "--layout",
            "in-process",
            "--redis",
            redis.uri(),
            "--duration",
            "1",
            "--warmup",
            "0",
            "--connections",
            "1",
            "--window",
            "4",
            "--jobs",
            "200",
            "--batch",
            "50");

    assertTrue(table.startsWith("bench throughput (in-process layout)"), table);
    assertTrue(table.matches("(?s).*end to end +[0-9,]+ jobs/s.*"), table);
    assertTrue(table.matches("(?s).*queue-only +[0-9,]+ jobs/s.*"), table);
  }

  @Test
  void fairness_prints_how_soon_the_second_users_jobs_ran() {
    String table =
        run(
            "bench",
            "fairness",
            "--layout",
            "in-process",
            "--redis",
            redis.uri(),
            "--backlog",
            "500",
            "--jobs",
            "5");

    assertTrue(table.startsWith("bench fairness (in-process layout)"), table);
    var notYetDone = Pattern.compile("a's jobs not yet done then +([0-9,]+) jobs");
    var figure = notYetDone.matcher(table);
    assertTrue(figure.find(), table);
    assertTrue(
        Integer.parseInt(figure.group(1).replace(",", "")) >= 250,
        "b's jobs ran before most of a's: " + table);
  }

  @Test
  void latency_json_holds_percentiles_of_every_measured_subscription_and_the_ping_floor()
      throws Exception {
    String json =
        run(
            "bench",
            "latency",
            "--redis",
            redis.uri(),
            "--rates",
            "50",
            "--duration",
            "1",
            "--warmup",
            "0",
            "--connections",
            "1",
            "--json");

    JsonNode root = new ObjectMapper().readTree(json);
    JsonNode figures = root.path("figures");
    assertEquals("production", root.path("settings").path("layout").asText(), json);
    assertEquals(50, figures.path("50/s subscribe->result count").path("value").asInt(), json);
    assertEquals(50, figures.path("50/s subscribe->subscribed count").path("value").asInt(), json);
    assertTrue(figures.path("50/s subscribe->result p99").path("value").asDouble() > 0, json);
    assertEquals("ms", figures.path("50/s subscribe->result p50").path("unit").asText(), json);
    assertTrue(figures.path("50/s ping round trip (floor) count").path("value").asInt() > 0, json);
  }

  @Test
  void loop_pings_from_a_child_jvm_idle_and_while_jobs_block() throws Exception {
    String json =
        run(
            "bench",
            "loop",
            "--redis",
            redis.uri(),
            "--jobs",
            "3",
            "--block-ms",
            "1500",
            "--ping-rate",
            "50",
            "--seconds",
            "1",
            "--json");

    JsonNode figures = new ObjectMapper().readTree(json).path("figures");
    assertEquals(50, figures.path("ping idle count").path("value").asInt(), json);
    assertEquals(50, figures.path("ping while blocked count").path("value").asInt(), json);
    assertEquals(3, figures.path("jobs blocking while pinged").path("value").asInt(), json);
    assertEquals(3, figures.path("blocking jobs finished").path("value").asInt(), json);
  }
}
