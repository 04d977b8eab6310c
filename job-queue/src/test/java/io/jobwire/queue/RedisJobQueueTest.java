package io.jobwire.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.testing.Layout;
import io.jobwire.queue.testing.RedisPerClass;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

class RedisJobQueueTest {
  @RegisterExtension static final RedisPerClass redis = RedisPerClass.shared();
  static JobQueue queue;
  static RedisClient raw;

  @BeforeAll
  static void start() {
    queue = JobQueue.redis(redis.uri());
    raw = redis.raw();
  }

  @AfterAll
  static void stop() {
    queue.close();
  }

  static JsonNode json(String text) throws Exception {
    return Codec.mapper().readTree(text);
  }

  @Test
  void enqueue_makes_job_durable_and_queued_before_returning() throws Exception {
    String id =
        queue.enqueue(
            JobRequest.of("ping", json("{\"count\":3}"))
                .withUser("ann")
                .withReply("tcp://127.0.0.1:5555", json("{\"sub\":\"s-1\"}")));

    Map<String, String> hash = raw.hgetAll(Layout.job(id));
    assertEquals("ping", hash.get("topic"));
    assertEquals("queued", hash.get("state"));
    assertEquals("ann", hash.get("user"));
    assertEquals("tcp://127.0.0.1:5555", hash.get("reply_to"));
    assertEquals("{\"sub\":\"s-1\"}", hash.get("route"));
    assertEquals("{\"count\":3}", hash.get("params"));
    assertNotNull(raw.zscore(Layout.topic(raw, "ping").queue(), id));
    JobStatus status = queue.status(id).orElseThrow();
    assertEquals(JobState.QUEUED, status.state());
    assertEquals("ann", status.user());
    assertEquals("ping", status.topic());
    assertEquals(0, status.attempts());
  }

  @Test
  void batch_enqueue_returns_ids_in_order() throws Exception {
    List<JobRequest> batch =
        List.of(
            JobRequest.of("batch", json("{\"n\":1}")),
            JobRequest.of("batch", json("{\"n\":2}")),
            JobRequest.of("batch", json("{\"n\":3}")));

    List<String> ids = queue.enqueue(batch);

    assertEquals(3, new HashSet<>(ids).size());
    for (int i = 0; i < 3; i++) {
      assertTrue(ids.get(i).matches("j[0-9]+-[A-Za-z0-9_-]{20}"), ids.get(i));
      assertEquals("{\"n\":" + (i + 1) + "}", raw.hget(Layout.job(ids.get(i)), "params"));
    }
    assertEquals(ids, raw.zrange(Layout.topic(raw, "batch").queue(), 0, -1));
  }

  @Test
  void status_of_unknown_job_is_empty() {
    assertTrue(queue.status("j-nosuchjob").isEmpty());
  }

  @Test
  void cancel_of_queued_job_removes_it() throws Exception {
    String id = queue.enqueue(JobRequest.of("cancel-me", json("{}")));

    assertTrue(queue.cancel(id));

    assertEquals(JobState.CANCELLED, queue.status(id).orElseThrow().state());
    assertEquals(0, raw.zcard(Layout.topic(raw, "cancel-me").queue()));
    assertTrue(raw.pttl(Layout.job(id)) > 0, "a finished job's record expires");
    assertFalse(queue.cancel(id), "a finished job cannot be cancelled again");
  }

  @Test
  void cancel_of_unknown_job_is_false() {
    assertFalse(queue.cancel("j-nosuchjob"));
  }
}
