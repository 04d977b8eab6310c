package io.jobwire.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.broker.BrokerConfig;
import io.jobwire.client.WsClient;
import io.jobwire.frontend.ClusterConfig;
import io.jobwire.frontend.Frontend;
import io.jobwire.frontend.FrontendConfig;
import io.jobwire.frontend.TopicOptions;
import io.jobwire.launcher.cli.WorkerOptions;
import io.jobwire.launcher.service.LocalStack;
import io.jobwire.protocol.Codec;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.Schedule;
import io.jobwire.queue.Schedules;
import io.jobwire.queue.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients subscribed to a {@code scheduled} topic see each run of its schedule live, as members of
 * one shared stream: Redis, a broker firing the schedule, the example workers, a front end (alone,
 * and in a cluster on Redis) and two WebSocket clients.
 */
class ScheduledTopicTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  @ParameterizedTest(name = "cluster={0}")
  @ValueSource(booleans = {false, true})
  void subscribers_of_a_scheduled_topic_see_every_run_live(boolean cluster) throws Exception {
    try (var redis = TestRedis.start();
        var stack =
            LocalStack.start(
                redis.uri(),
                BrokerConfig.builder().bind("tcp://127.0.0.1:*"),
                FrontendConfig.builder()
                    .port(0)
                    .ingressBind("tcp://127.0.0.1:*")
                    .cluster(cluster ? ClusterConfig.redis(redis.uri()) : ClusterConfig.off())
                    .topic("ping", TopicOptions.DEFAULTS.withScheduled(true))
                    .build(),
                WorkerOptions.examples(2));
        var one = WsClient.connect(stack.webSocketUrl("127.0.0.1"));
        var two = WsClient.connect(stack.webSocketUrl("127.0.0.1"));
        var schedules = Schedules.redis(QueueConfig.builder().redisUri(redis.uri()).build())) {
      one.next("welcome", WAIT);
      two.next("welcome", WAIT);
      one.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
      two.send("{\"op\":\"subscribe\",\"ref\":2,\"topic\":\"ping\",\"params\":{\"ignored\":1}}");
      JsonNode subscribed = one.next("subscribed", WAIT);
      assertTrue(subscribed.path("job").isNull(), "no run yet: " + subscribed);
      String sub = subscribed.path("sub").asText();
      String subTwo = two.next("subscribed", WAIT).path("sub").asText();

      schedules.put(
          Schedule.every("pinger", "ping", Duration.ofSeconds(1))
              .withParams(Codec.parse("{\"count\":2,\"interval_ms\":10}")));

      JsonNode progress = one.next("progress", WAIT);
      assertEquals(sub, progress.path("sub").asText());
      String first = progress.path("job").asText();
      JsonNode result = one.next("result", WAIT);
      assertEquals(first, result.path("job").asText());
      assertEquals(2, result.path("data").path("ticks").asInt());
      JsonNode next = one.next("result", WAIT);
      assertNotEquals(first, next.path("job").asText(), "the next tick is a new run, same sub");
      assertEquals(sub, next.path("sub").asText());
      assertTrue(next.path("seq").asLong() > result.path("seq").asLong());

      JsonNode seenByTwo = two.next("result", WAIT);
      assertEquals(subTwo, seenByTwo.path("sub").asText());
      assertEquals(first, seenByTwo.path("job").asText(), "one stream: the same runs for both");
      schedules.remove("pinger");
    }
  }

  @Test
  void members_on_two_front_ends_follow_the_same_runs() throws Exception {
    try (var redis = TestRedis.start();
        var stack =
            LocalStack.start(
                redis.uri(),
                BrokerConfig.builder().bind("tcp://127.0.0.1:*"),
                scheduledPing(redis.uri()),
                WorkerOptions.examples(2));
        var other = Frontend.start(scheduledPing(redis.uri()), stack.queue());
        var here = WsClient.connect(stack.webSocketUrl("127.0.0.1"));
        var there = WsClient.connect("ws://127.0.0.1:" + other.httpPort() + "/ws");
        var schedules = Schedules.redis(QueueConfig.builder().redisUri(redis.uri()).build())) {
      here.next("welcome", WAIT);
      there.next("welcome", WAIT);
      here.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
      there.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
      here.next("subscribed", WAIT);
      there.next("subscribed", WAIT);

      schedules.put(
          Schedule.every("pinger", "ping", Duration.ofSeconds(1))
              .withParams(Codec.parse("{\"count\":1,\"interval_ms\":10}")));

      String seenHere = here.next("result", WAIT).path("job").asText();
      String seenThere = there.next("result", WAIT).path("job").asText();
      assertEquals(seenHere, seenThere, "one run, delivered by both front ends");
      assertEquals(
          here.next("result", WAIT).path("job").asText(),
          there.next("result", WAIT).path("job").asText());
      schedules.remove("pinger");
    }
  }

  private static FrontendConfig scheduledPing(String redisUri) {
    return FrontendConfig.builder()
        .port(0)
        .ingressBind("tcp://127.0.0.1:*")
        .cluster(ClusterConfig.redis(redisUri))
        .topic("ping", TopicOptions.DEFAULTS.withScheduled(true))
        .build();
  }
}
