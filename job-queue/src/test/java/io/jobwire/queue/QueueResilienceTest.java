package io.jobwire.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueueResilienceTest {
  TestRedis redis;
  JobQueue queue;

  @BeforeEach
  void start() {
    redis = TestRedis.start();
    queue =
        JobQueue.redis(
            QueueConfig.builder()
                .redisUri(redis.uri())
                .retryAttempts(2)
                .retryBackoff(Duration.ofMillis(10))
                .breakerOpenFor(Duration.ofMillis(500))
                .build());
  }

  @AfterEach
  void stop() {
    queue.close();
    redis.close();
  }

  JobRequest job() {
    return JobRequest.of("t", null);
  }

  @Test
  void queue_fails_fast_with_queue_unavailable_while_redis_is_down() {
    queue.enqueue(job());
    redis.stop();

    var first = assertThrows(QueueUnavailableException.class, () -> queue.enqueue(job()));
    assertTrue(first.getMessage().contains(redis.uri()), first.getMessage());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> failureCause() instanceof CallNotPermittedException);
  }

  @Test
  void queue_works_again_once_redis_is_back() {
    redis.stop();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> failureCause() instanceof CallNotPermittedException);

    redis.restart();

    String id =
        await()
            .atMost(Duration.ofSeconds(10))
            .ignoreException(QueueUnavailableException.class)
            .until(() -> queue.enqueue(job()), v -> v != null);
    assertEquals(JobState.QUEUED, queue.status(id).orElseThrow().state());
  }

  @Test
  void status_while_redis_is_down_is_queue_unavailable_not_empty() {
    redis.stop();

    assertThrows(QueueUnavailableException.class, () -> queue.status("j-any"));
  }

  private Throwable failureCause() {
    var e = assertThrows(QueueUnavailableException.class, () -> queue.enqueue(job()));
    return e.getCause();
  }
}
