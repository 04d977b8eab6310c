package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jobwire.protocol.Job;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.JobStatus;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.testing.TestClock;
import io.jobwire.queue.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Redis with {@code appendonly yes} ({@code appendfsync always}) killed with SIGKILL and started
 * again: queued, delayed and running jobs are all still there, and the broker carries on.
 */
class AppendOnlyTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void queued_delayed_and_running_jobs_survive_a_redis_kill_and_the_broker_carries_on() {
    var clock = TestClock.standingStill();
    try (var redis = TestRedis.startPersistent();
        JobQueue queue =
            JobQueue.redis(QueueConfig.builder().redisUri(redis.uri()).clock(clock).build());
        Broker broker =
            Broker.start(
                BrokerConfig.builder()
                    .bind("tcp://127.0.0.1:*")
                    .redisUri(redis.uri())
                    .clock(clock)
                    .build());
        var worker = new FakeWorker("w", broker.endpoint()).ready(1, "t")) {
      String running = queue.enqueue(JobRequest.of("t", null));
      assertEquals(running, worker.nextJob().id());
      String queued = queue.enqueue(JobRequest.of("t", null));
      String delayed = queue.enqueue(JobRequest.of("t", null).withRunAt(clock.millis() + 60_000));

      redis.stop(); // SIGKILL: only what the append-only file holds comes back
      redis.restart();

      await().atMost(WAIT).ignoreExceptions().until(() -> state(queue, running) != null);
      assertEquals(JobState.RUNNING, state(queue, running));
      assertEquals(JobState.QUEUED, state(queue, queued));
      assertEquals(JobState.DELAYED, state(queue, delayed));

      worker.heartbeat(running).done(running); // the broker is back on Redis: done is recorded
      await().atMost(WAIT).until(() -> state(queue, running) == JobState.SUCCEEDED);
      Job next = worker.nextJob(WAIT);
      assertEquals(queued, next.id());
      assertEquals(1, next.attempt());
      worker.done(queued);
      // before the clock jumps a minute: a done still in flight then would find the job's lease
      // expired, and the broker would run it again instead of the delayed one
      await().atMost(WAIT).until(() -> state(queue, queued) == JobState.SUCCEEDED);
      assertNull(worker.nextJob(Duration.ofMillis(300)), "the delayed job is not due yet");

      clock.advance(Duration.ofSeconds(61));
      worker.heartbeat();
      assertEquals(delayed, worker.nextJob(WAIT).id());
    }
  }

  static JobState state(JobQueue queue, String id) {
    return queue.status(id).map(JobStatus::state).orElse(null);
  }
}
