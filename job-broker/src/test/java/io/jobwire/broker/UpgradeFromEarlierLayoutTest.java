package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobwire.protocol.Job;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.DeadLetters;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.JobStatus;
import io.jobwire.queue.LayoutUpgrade;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.testing.TestClock;
import io.jobwire.queue.testing.TestRedis;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * An installation upgraded in place: queued, delayed, running and dead jobs written the way the
 * scripts before the compact records and the topic tags wrote them (every key {@code
 * jobwire:{main}:…}; every field in the hash, empty ones as "", an attempts counter, seq and score;
 * a finished job's whole hash kept) are moved by {@link LayoutUpgrade} and run by this broker under
 * their old ids, and the status of a job finished before the upgrade still reads.
 */
class UpgradeFromEarlierLayoutTest {
  static final String P = "jobwire:{main}:";
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void queued_delayed_running_and_dead_jobs_from_before_the_upgrade_run_to_the_end() {
    var clock = TestClock.standingStill();
    long now = clock.millis();
    try (var redis = TestRedis.start();
        var raw = RedisClient.create(URI.create(redis.uri()))) {
      legacy(raw, "j-queued", "queued", now, Map.of());
      raw.zadd(P + "queue:t", score(now, 1), "j-queued");
      legacy(raw, "j-delayed", "delayed", now, Map.of());
      raw.zadd(P + "delayed", now - 1, "j-delayed");
      legacy(raw, "j-running", "running", now, Map.of("worker", "gone", "attempts", "1"));
      raw.zadd(P + "inflight", now - 1, "j-running"); // its worker died with the old broker
      legacy(
          raw,
          "j-dead",
          "dead",
          now,
          Map.of("attempts", "3", "error", "{\"code\":\"boom\",\"message\":\"it broke\"}"));
      raw.zadd(P + "dead", now - 1, "j-dead");
      legacy(raw, "j-done", "succeeded", now, Map.of("attempts", "1"));
      legacy(raw, "j-unique", "queued", now, Map.of("unique", P + "unique:t:k"));
      raw.zadd(P + "queue:t", score(now, 2), "j-unique");
      raw.set(P + "unique:t:k", "j-unique");
      raw.sadd(P + "topics", "t");
      raw.set(P + "seq", "5");
      var config = QueueConfig.builder().redisUri(redis.uri()).clock(clock).build();

      var dry = LayoutUpgrade.run(config, true, line -> {});
      assertEquals(6, dry.jobs(), "a dry run counts");
      assertEquals(true, raw.exists(P + "job:j-queued"), "a dry run writes nothing");
      var report = LayoutUpgrade.run(config, false, line -> {});
      assertEquals(new LayoutUpgrade.Report(6, 1, 2, 1, 1, 1, report.keysDeleted()), report);
      assertEquals(0, LayoutUpgrade.run(config, false, line -> {}).jobs(), "nothing left to move");
      Set<String> namespaceKeys = Set.of(P + "tags", P + "tag-seq", P + "legacy-ids");
      assertEquals(namespaceKeys, raw.keys(P + "*"), "no key of the earlier layout is left");

      try (JobQueue queue = JobQueue.redis(config);
          DeadLetters dead = DeadLetters.redis(config);
          Broker broker =
              Broker.start(
                  BrokerConfig.builder()
                      .bind("tcp://127.0.0.1:*")
                      .redisUri(redis.uri())
                      .clock(clock)
                      .build());
          var worker = new FakeWorker("w", broker.endpoint()).ready(1, "t")) {
        assertEquals(JobState.SUCCEEDED, state(queue, "j-done"));
        assertEquals(
            "j-unique",
            queue.enqueue(JobRequest.of("t", null).withUnique("k")),
            "its unique key still holds");
        assertEquals("it broke", dead.list(10).getFirst().error().message());
        assertEquals(true, dead.retry("j-dead"));

        Map<String, Integer> attempts = new HashMap<>();
        for (int i = 0; i < 5; i++) {
          Job job = worker.nextJob(WAIT);
          attempts.put(job.id(), job.attempt());
          worker.done(job.id());
        }
        assertEquals(
            Map.of("j-queued", 1, "j-delayed", 1, "j-running", 2, "j-dead", 1, "j-unique", 1),
            attempts);
        for (String id : attempts.keySet()) {
          await().atMost(WAIT).until(() -> state(queue, id) == JobState.SUCCEEDED);
        }
      }
    }
  }

  @Test
  void paused_topics_flow_limits_schedules_and_batch_outboxes_move_with_their_topics() {
    var clock = TestClock.standingStill();
    long now = clock.millis();
    try (var redis = TestRedis.start();
        var raw = RedisClient.create(URI.create(redis.uri()))) {
      raw.set(P + "paused:t", Long.toString(now));
      raw.hset(P + "flow:t", Map.of("max_running", "2"));
      raw.sadd(P + "running:t", "j-gone");
      raw.sadd(P + "running:t/ann", "j-gone");
      raw.zadd(P + "fair:t", now + 10, "ann");
      raw.hset(P + "runs:t", Map.of("reply_to", "tcp://fe", "until", Long.toString(now)));
      raw.rpush(P + "batched:t", "{\"b\":\"b-1\",\"j\":\"j-child\",\"s\":\"succeeded\"}");
      raw.hset(
          P + "schedule:nightly",
          Map.of("def", "{\"topic\":\"t\",\"every_ms\":60000}", "next", "123"));
      raw.zadd(P + "schedules", 123, "nightly");
      var config = QueueConfig.builder().redisUri(redis.uri()).clock(clock).build();

      LayoutUpgrade.run(config, false, line -> {});

      Set<String> namespaceKeys =
          Set.of(P + "tags", P + "tag-seq", P + "schedules", P + "schedule:nightly");
      assertEquals(namespaceKeys, raw.keys(P + "*"), "the topic's state left the namespace");
      var t = io.jobwire.queue.testing.Layout.topic(raw, "t");
      assertEquals(Long.toString(now), raw.get(t.paused()));
      assertEquals("2", raw.hget(t.flow(), "max_running"));
      assertEquals(Set.of("j-gone"), raw.smembers(t.running()));
      assertEquals(Set.of("j-gone"), raw.smembers(t.running("ann")));
      assertEquals(1, raw.zcard(t.fair()));
      assertEquals("tcp://fe", raw.hget(t.runs(), "reply_to"));
      assertEquals(1, raw.llen(t.batchOutbox()));
      assertEquals("123", raw.hget(t.ticks(), "nightly"), "the schedule's guard");
      try (JobQueue queue = JobQueue.redis(config)) {
        assertEquals(Set.of("t"), queue.paused());
      }
    }
  }

  /** A job's hash as enqueue.lua, claim.lua and bury wrote it before the compact records. */
  private static void legacy(
      RedisClient raw, String id, String state, long now, Map<String, String> changed) {
    Map<String, String> fields = new HashMap<>();
    fields.putAll(
        Map.of(
            "topic", "t",
            "params", "{}",
            "user", "",
            "reply_to", "",
            "route", "",
            "max_attempts", "3",
            "deadline", "",
            "state", state,
            "attempts", "0"));
    fields.putAll(
        Map.of(
            "seq", "1",
            "score", Long.toString(score(now, 1)),
            "created", Long.toString(now),
            "updated", Long.toString(now),
            "unique", ""));
    fields.putAll(changed);
    raw.hset(P + "job:" + id, fields);
  }

  private static long score(long now, long seq) {
    return now * 1024 + seq % 1024;
  }

  private static JobState state(JobQueue queue, String id) {
    return queue.status(id).map(JobStatus::state).orElse(null);
  }
}
