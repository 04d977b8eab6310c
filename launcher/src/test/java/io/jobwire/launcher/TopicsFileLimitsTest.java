package io.jobwire.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.launcher.cli.TopicsFile;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.FlowLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flow limits a topics file names: only for the topics that name any. */
class TopicsFileLimitsTest {

  @Test
  void the_topics_file_names_flow_limits_of_the_topics_that_set_them() throws Exception {
    Map<String, FlowLimits> limits =
        TopicsFile.limits(
            Codec.parse(
                "{\"render\":{\"max_running\":4,\"max_running_per_user\":1,\"rate\":\"10/s\"},"
                    + "\"mail\":{\"rate\":\"600/m\"},\"plain\":{\"every\":1000}}"));

    assertEquals(new FlowLimits(4, 1, 10, Duration.ofSeconds(1)), limits.get("render"));
    assertEquals(new FlowLimits(0, 0, 600, Duration.ofMinutes(1)), limits.get("mail"));
    assertEquals(2, limits.size(), "a topic without limits keeps what Redis has");
  }

  @Test
  void a_bad_rate_in_the_topics_file_stops_the_frontend_before_it_starts_and_says_why(
      @TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("topics.json"), "{\"render\":{\"rate\":\"fast\"}}");
    CliRun run =
        CliRun.jobwire(
            "frontend",
            "--redis",
            "redis://127.0.0.1:1",
            "--port",
            "0",
            "--ingress",
            "tcp://127.0.0.1:*",
            "--topics-file",
            file.toString());
    assertEquals(2, run.exit(), run.output());
    assertTrue(run.output().contains("a rate is JOBS/WINDOW like 10/s"), run.output());
  }

  @Test
  void a_bad_rate_or_a_negative_limit_is_refused_with_the_form_to_use() throws Exception {
    var bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> TopicsFile.limits(Codec.parse("{\"t\":{\"rate\":\"ten per second\"}}")));
    assertEquals(
        "a rate is JOBS/WINDOW like 10/s, 600/m or 5/250ms; got 'ten per second'",
        bad.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> TopicsFile.limits(Codec.parse("{\"t\":{\"max_running\":-1}}")));
  }
}
