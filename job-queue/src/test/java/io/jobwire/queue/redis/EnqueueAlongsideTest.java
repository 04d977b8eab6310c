package io.jobwire.queue.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.testing.RedisPerClass;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/** A script of the caller's runs next to an enqueue, given the ids the jobs are queued under. */
class EnqueueAlongsideTest {
  private static final LuaScript ALONGSIDE =
      LuaScript.standalone(EnqueueAlongsideTest.class, "/io/jobwire/queue/redis/alongside.lua");

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

  private static RedisGateway.ScriptCall keep(String key, List<String> ids) {
    List<String> args = new ArrayList<>();
    args.add(key);
    args.addAll(ids);
    return new RedisGateway.ScriptCall(ALONGSIDE, List.of(key), args);
  }

  @Test
  void the_script_gets_the_ids_the_jobs_are_queued_under_in_order() {
    List<JobRequest> requests =
        List.of(
            JobRequest.of("ping", null), JobRequest.of("other", null), JobRequest.of("ping", null));
    EnqueueAlongside.Enqueued enqueued =
        ((EnqueueAlongside) queue).enqueue(requests, ids -> keep("kept", ids));

    assertEquals(3L, enqueued.alongside());
    assertEquals(enqueued.jobs(), raw.lrange("kept", 0, -1));
    for (String job : enqueued.jobs()) {
      assertTrue(queue.status(job).isPresent());
    }
  }

  @Test
  void a_failed_script_leaves_the_jobs_queued_and_says_why() {
    EnqueueAlongside.Enqueued enqueued =
        ((EnqueueAlongside) queue)
            .enqueue(List.of(JobRequest.of("ping", null)), ids -> keep("kept-list", List.of()));

    assertInstanceOf(RuntimeException.class, enqueued.alongside());
    assertTrue(queue.status(enqueued.jobs().get(0)).isPresent());
  }

  @Test
  void no_script_runs_nothing_more() {
    EnqueueAlongside.Enqueued enqueued =
        ((EnqueueAlongside) queue).enqueue(List.of(JobRequest.of("ping", null)), ids -> null);

    assertNull(enqueued.alongside());
    assertEquals(1, enqueued.jobs().size());
  }
}
