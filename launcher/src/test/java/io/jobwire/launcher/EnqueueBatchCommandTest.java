package io.jobwire.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.queue.BatchStatus;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.testing.TestRedis;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;

/** {@code jobwire enqueue --batch FILE.jsonl}: one job per line, keys and dependencies. */
class EnqueueBatchCommandTest {
  static TestRedis redis;
  static JobQueue queue;
  static RedisClient raw;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    redis = TestRedis.start();
    queue = JobQueue.redis(redis.uri());
    raw = RedisClient.create(URI.create(redis.uri()));
  }

  @AfterAll
  static void stop() {
    raw.close();
    queue.close();
    redis.close();
  }

  @Test
  void a_file_becomes_one_batch_whose_dependants_wait() throws Exception {
    Path file = dir.resolve("jobs.jsonl");
    Files.writeString(
        file,
        """
        # two pages, then a report on both
        {"params":{"url":"a"},"key":"a"}
        {"topic":"fetch","params":{"url":"b"},"key":"b","priority":"high"}

        {"topic":"report","depends_on":["a","b"]}
        """);
    var run =
        CliRun.jobwire(
            "enqueue",
            "--redis",
            redis.uri(),
            "--topic",
            "fetch",
            "--batch",
            file.toString(),
            "--callback-topic",
            "notify");
    assertEquals(0, run.exit(), run.err());
    String batch = run.out().strip();
    assertTrue(batch.startsWith("b-"), batch);

    BatchStatus status = queue.batch(batch).orElseThrow();
    assertEquals(3, status.total());
    assertEquals("open", status.state());
    assertEquals(2, raw.zcard(queueOf("fetch")), "both fetches are queued");
    assertEquals(0, raw.zcard(queueOf("report")), "the report waits for them");
  }

  @Test
  void a_bad_line_is_named_with_its_number_and_nothing_is_queued() throws Exception {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(
        file,
        """
        {"topic":"fetch","key":"a"}
        {"topic":"fetch","depends_on":["z"]}
        """);
    var run = CliRun.jobwire("enqueue", "--redis", redis.uri(), "--batch", file.toString());

    assertEquals(2, run.exit());
    assertTrue(
        run.err().contains("bad.jsonl:2: depends_on names 'z', not the key of an earlier line"),
        run.err());
    assertEquals("", run.out());
  }

  @Test
  void a_batch_with_single_job_flags_is_refused() throws Exception {
    Path file = dir.resolve("one.jsonl");
    Files.writeString(file, "{\"topic\":\"fetch\"}\n");
    var run =
        CliRun.jobwire(
            "enqueue", "--redis", redis.uri(), "--batch", file.toString(), "--params", "{}");

    assertEquals(2, run.exit());
    assertTrue(run.err().contains("give no --params"), run.err());
  }

  /** A topic's queue (its tag given when the batch was enqueued; see RedisKeys). */
  private String queueOf(String topic) {
    return "jobwire:{main#" + raw.hget("jobwire:{main}:tags", topic) + "}:queue";
  }
}
