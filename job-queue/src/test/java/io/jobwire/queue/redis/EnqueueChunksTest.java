package io.jobwire.queue.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jobwire.queue.JobRequest;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.internal.RedisJobQueue;
import io.jobwire.queue.testing.Layout;
import io.jobwire.queue.testing.RedisPerClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/** A big enqueue goes as several scripts in one pipeline, and reads as one batch. */
class EnqueueChunksTest {
  @RegisterExtension static final RedisPerClass redis = RedisPerClass.shared();
  static RedisJobQueue queue;
  static RedisClient raw;

  @BeforeAll
  static void start() {
    queue = new RedisJobQueue(QueueConfig.builder().redisUri(redis.uri()).build());
    raw = redis.raw();
  }

  @AfterAll
  static void stop() {
    queue.close();
  }

  private static long evalshaCalls() {
    String stats = raw.info("commandstats");
    for (String line : stats.split("\r?\n")) {
      if (line.startsWith("cmdstat_evalsha:")) {
        return Long.parseLong(line.replaceAll("^cmdstat_evalsha:calls=(\\d+),.*", "$1"));
      }
    }
    throw new AssertionError("no evalsha in " + stats);
  }

  @Test
  void a_batch_bigger_than_a_script_runs_as_several_scripts_and_keeps_its_order() {
    int count = EnqueueArgs.SCRIPT_JOBS * 2 + EnqueueArgs.SCRIPT_JOBS / 2;
    List<JobRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add(JobRequest.of("chunks", null));
    }
    // the script is cached and the topic has its tag from here on
    List<String> ids = new ArrayList<>(queue.enqueue(List.of(JobRequest.of("chunks", null))));
    long before = evalshaCalls();

    ids.addAll(queue.enqueue(requests));

    assertEquals(3, evalshaCalls() - before, "one script per SCRIPT_JOBS jobs");
    assertEquals(count + 1, ids.size());
    assertEquals(
        ids, raw.zrange(Layout.topic(raw, "chunks").queue(), 0, -1), "queued oldest first");
  }

  @Test
  void a_unique_key_holds_across_the_scripts_of_one_batch() {
    List<JobRequest> requests = new ArrayList<>();
    requests.add(JobRequest.of("unique", null).withUnique("k"));
    for (int i = 0; i < EnqueueArgs.SCRIPT_JOBS; i++) {
      requests.add(JobRequest.of("unique", null));
    }
    requests.add(JobRequest.of("unique", null).withUnique("k"));

    List<String> ids = queue.enqueue(requests);

    assertEquals(ids.get(0), ids.get(ids.size() - 1), "the second asker gets the holder's id");
    assertNotEquals(ids.get(0), ids.get(1));
    assertEquals(EnqueueArgs.SCRIPT_JOBS + 1, raw.zcard(Layout.topic(raw, "unique").queue()));
  }
}
