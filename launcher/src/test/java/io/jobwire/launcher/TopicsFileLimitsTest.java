package io.jobwire.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jobwire.broker.FlowLimits;
import io.jobwire.protocol.Codec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
