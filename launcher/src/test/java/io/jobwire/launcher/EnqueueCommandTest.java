package io.jobwire.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.testing.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code jobwire enqueue} with a schedule, a priority and a unique key. */
class EnqueueCommandTest {
  static TestRedis redis;
  static JobQueue queue;

  @BeforeAll
  static void start() {
    redis = TestRedis.start();
    queue = JobQueue.redis(redis.uri());
  }

  @AfterAll
  static void stop() {
    queue.close();
    redis.close();
  }

  static String enqueue(String... more) {
    var args = new java.util.ArrayList<>(java.util.List.of("enqueue", "--redis", redis.uri()));
    args.addAll(java.util.List.of(more));
    CliRun run = CliRun.jobwire(args.toArray(String[]::new));
    assertEquals(0, run.exit(), run.output());
    return run.output().strip();
  }

  @Test
  void enqueue_in_or_at_a_later_time_waits_delayed() {
    String in = enqueue("--topic", "ping", "--in", "10m");
    String at = enqueue("--topic", "ping", "--at", "2999-01-01T00:00:00Z", "--priority", "high");

    assertEquals(JobState.DELAYED, queue.status(in).orElseThrow().state());
    assertEquals(JobState.DELAYED, queue.status(at).orElseThrow().state());
    assertEquals(JobState.QUEUED, queue.status(enqueue("--topic", "ping")).orElseThrow().state());
  }

  @Test
  void enqueue_with_the_same_unique_key_prints_the_same_job_and_says_so_on_stderr() {
    String first = enqueue("--topic", "report", "--unique", "nightly");

    var again =
        CliRun.jobwire(
            "enqueue", "--redis", redis.uri(), "--topic", "report", "--unique", "nightly");
    assertEquals(first, again.out().strip());
    assertTrue(again.err().contains("still queued or running: " + first), again.err());
    var other =
        CliRun.jobwire(
            "enqueue", "--redis", redis.uri(), "--topic", "report", "--unique", "weekly");
    assertNotEquals(first, other.out().strip());
    assertEquals("", other.err());
  }

  @Test
  void enqueue_rejects_a_bad_schedule_with_a_hint() {
    CliRun run = CliRun.jobwire("enqueue", "--redis", redis.uri(), "--topic", "t", "--in", "soon");
    assertEquals(2, run.exit());
    assertTrue(run.output().contains("250ms"), run.output());
  }
}
