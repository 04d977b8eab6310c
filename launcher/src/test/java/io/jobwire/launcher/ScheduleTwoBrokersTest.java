package io.jobwire.launcher;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.broker.Broker;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.Schedule;
import io.jobwire.queue.Schedules;
import io.jobwire.queue.testing.TestRedis;
import io.jobwire.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A schedule with two brokers on one Redis and real workers (the worker SDK) connected to both:
 * each tick runs one job, not one per broker.
 */
class ScheduleTwoBrokersTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final long PERIOD_MS = 300;

  final Set<String> ran = ConcurrentHashMap.newKeySet();

  @Test
  void each_tick_runs_one_job_with_two_brokers_and_real_workers() throws Exception {
    try (var redis = TestRedis.start();
        Broker one = SeveralBrokersTest.broker(redis);
        Broker two = SeveralBrokersTest.broker(redis);
        Worker a = worker("wa", one, two);
        Worker b = worker("wb", one, two);
        Schedules schedules =
            Schedules.redis(QueueConfig.builder().redisUri(redis.uri()).build())) {
      a.start();
      b.start();
      long start = System.currentTimeMillis();
      schedules.put(Schedule.every("tick", "tick", Duration.ofMillis(PERIOD_MS)));
      await().atMost(WAIT).until(() -> System.currentTimeMillis() - start >= 3_000);
      long runs = schedules.get("tick").orElseThrow().runs();
      schedules.remove("tick");
      long ticks = (System.currentTimeMillis() - start) / PERIOD_MS;

      await().atMost(WAIT).until(() -> ran.size() >= runs);
      assertEquals(runs, ran.size(), "every queued run ran, once");
      assertTrue(
          runs >= ticks / 2 && runs <= ticks + 1,
          runs + " runs in about " + ticks + " ticks: one per tick, not one per broker");
      assertTrue(one.stats().assigned() + two.stats().assigned() >= runs);
    }
  }

  private Worker worker(String id, Broker... brokers) {
    return Worker.builder()
        .brokers(List.of(brokers).stream().map(Broker::endpoint).toList())
        .id(id)
        .capacity(4)
        .handle(
            "tick",
            job -> {
              ran.add(job.id());
              return Map.of("ok", true);
            })
        .build();
  }
}
