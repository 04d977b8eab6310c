package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobwire.protocol.Job;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.testing.TestClock;
import io.jobwire.queue.testing.TestRedis;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** Nothing grows without bound: after many jobs of every fate, Redis holds only fixed keys. */
class RetentionTest {
  static final Duration RETENTION = Duration.ofMillis(500); // PEXPIRE runs on Redis' own clock

  @Test
  void redis_returns_to_its_fixed_keys_once_finished_jobs_expire() {
    var clock = TestClock.standingStill();
    try (var redis = TestRedis.start();
        var raw = RedisClient.create(URI.create(redis.uri()));
        var queue =
            JobQueue.redis(
                QueueConfig.builder()
                    .redisUri(redis.uri())
                    .retention(RETENTION)
                    .deadRetention(RETENTION)
                    .clock(clock)
                    .build());
        var broker =
            Broker.start(
                BrokerConfig.builder()
                    .bind("tcp://127.0.0.1:*")
                    .redisUri(redis.uri())
                    .retention(RETENTION)
                    .deadRetention(RETENTION)
                    .workerTimeout(Duration.ofMinutes(10))
                    .clock(clock)
                    .build());
        var worker = new FakeWorker("w1", broker.endpoint()).ready(50, "t")) {
      int rounds = 4;
      List<String> all = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          ids.add(
              queue.enqueue(
                  JobRequest.of("t", null)
                      .withMaxAttempts(1)
                      .withUnique(i % 5 == 0 ? "u" + round + "-" + i : null)
                      .withDeadline(clock.millis() + 60_000)));
        }
        String cancelled = queue.enqueue(JobRequest.of("t", null).withRunAt(clock.millis() + 1000));
        queue.cancel(cancelled);
        for (int i = 0; i < ids.size(); i++) {
          Job job = worker.nextJob();
          if (i % 3 == 0) {
            worker.fail(job.id(), true); // its only attempt: a dead letter
          } else {
            worker.done(job.id());
          }
        }
        all.addAll(ids);
        all.add(cancelled);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> ids.stream().allMatch(id -> finished(queue, id)));
        clock.advance(Duration.ofSeconds(1)); // dead letters older than the retention get trimmed
      }

      // plus the live registries, one field per running broker and worker, gone a minute after
      // their last writer stops (RegistryPublisher), and the broker's standby token on the topic,
      // gone when it stops or 3 s after its last claim (lease.lua)
      Set<String> fixed =
          Set.of(
              "jobwire:{main}:tags",
              "jobwire:{main}:tag-seq",
              "jobwire:{main#1}:seq",
              "jobwire:{main#1}:dead",
              "jobwire:{main#1}:standby",
              "jobwire:{main}:brokers",
              "jobwire:{main}:workers");
      await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(() -> assertEquals(new TreeSet<>(fixed), new TreeSet<>(raw.keys("*"))));
      assertEquals(1, raw.hlen("jobwire:{main}:workers"), "one field for the one worker");
      assertEquals(1, raw.hlen("jobwire:{main}:brokers"), "one field for the one broker");
      // the dead letters' index keeps only those within the dead retention (by the broker clock)
      assertEquals(true, raw.zcard("jobwire:{main#1}:dead") <= 17, "dead index trimmed per round");
      assertEquals(4 * 51, all.size());
    }
  }

  private static boolean finished(JobQueue queue, String id) {
    return queue.status(id).map(s -> s.state().isFinal()).orElse(true);
  }
}
