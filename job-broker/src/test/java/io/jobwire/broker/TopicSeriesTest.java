package io.jobwire.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.broker.internal.observe.QueueDepthGauges;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.Monitor;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Topic names are checked where jobs enter, and the per-topic queue series are bounded: idle topics
 * lose theirs, and past the busiest 100 the rest share {@code topic="_other"}.
 */
class TopicSeriesTest extends BrokerTestBase {

  @Test
  void past_one_hundred_busy_topics_the_rest_share_one_series_and_idle_ones_have_none() {
    for (int i = 0; i < 105; i++) {
      queue.enqueue(JobRequest.of("t" + i, Codec.mapper().createObjectNode()));
    }
    var registry = new SimpleMeterRegistry();
    try (Monitor monitor = Monitor.redis(queueConfig())) {
      var gauges = new QueueDepthGauges(registry, monitor);
      gauges.refresh();
      assertEquals(101, topics(registry).size(), topics(registry).toString());
      assertTrue(topics(registry).contains("_other"));

      raw.flushAll(); // every topic idle now
      gauges.refresh();
      assertEquals(Set.of(), topics(registry));
    }
  }

  @Test
  void a_job_with_a_hostile_topic_name_is_refused_before_redis() {
    for (String bad : new String[] {"a\nb", "{main}", "x".repeat(65), "\u202eabc", ""}) {
      assertThrows(
          IllegalArgumentException.class,
          () -> queue.enqueue(JobRequest.of(bad, Codec.mapper().createObjectNode())),
          bad);
    }
    assertFalse(raw.exists("jobwire:{main}:tags"));
  }

  private static Set<String> topics(SimpleMeterRegistry registry) {
    return registry.getMeters().stream()
        .filter(m -> m.getId().getName().equals("jobwire.queue.jobs"))
        .map(Meter::getId)
        .map(id -> id.getTag("topic"))
        .collect(Collectors.toSet());
  }
}
