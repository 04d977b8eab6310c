package io.jobwire.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobStatus;
import io.jobwire.queue.testing.TestRedis;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** {@code jobwire migrate}: a dry run, the move, and a second run that finds nothing left. */
class MigrateCommandTest {
  static final String OLD = "jobwire:{main}:";

  @Test
  void migrate_moves_a_queued_job_of_the_layout_before_tags_and_says_so() {
    try (var redis = TestRedis.start();
        var raw = RedisClient.create(URI.create(redis.uri()))) {
      raw.hset(
          OLD + "job:j-old",
          Map.of("topic", "ping", "params", "{}", "state", "queued", "max_attempts", "3"));
      raw.zadd(OLD + "queue:ping", 1024, "j-old");
      raw.sadd(OLD + "topics", "ping");

      var dry = CliRun.jobwire("migrate", "--redis", redis.uri(), "--dry-run");
      assertEquals(0, dry.exit(), dry.output());
      assertTrue(dry.output().contains("would move 1 jobs of 1 topics (1 queued"), dry.output());
      assertTrue(raw.exists(OLD + "job:j-old"), "a dry run writes nothing");

      var moved = CliRun.jobwire("migrate", "--redis", redis.uri());
      assertEquals(0, moved.exit(), moved.output());
      assertTrue(moved.output().contains("moved 1 jobs of 1 topics (1 queued"), moved.output());
      try (JobQueue queue = JobQueue.redis(redis.uri())) {
        assertEquals(JobState.QUEUED, queue.status("j-old").map(JobStatus::state).orElse(null));
      }

      var again = CliRun.jobwire("migrate", "--redis", redis.uri());
      assertTrue(again.output().contains("moved 0 jobs"), again.output());
    }
  }

  @Test
  void migrate_has_help() {
    var help = CliRun.jobwire("migrate", "--help");
    assertEquals(0, help.exit());
    assertTrue(help.output().contains("--dry-run"), help.output());
  }
}
