package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jobwire.protocol.Job;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.QueueConfig;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A topic with nothing running, delayed or due is looked at by the broker's timed work once a
 * second, not every poll: an idle topic costs Redis a few commands a second. Its delayed jobs still
 * come due. Real clock: the broker's own timer runs the due work here, not {@code runDueWork}.
 */
class QuietTopicTest extends BrokerTestBase {
  static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void a_quiet_topic_is_looked_at_once_a_second_and_its_delayed_jobs_still_come_due() {
    Clock real = Clock.systemUTC();
    // the fake worker sends no heartbeats of its own: the broker must not take it for dead
    Broker broker = broker(brokerConfig().clock(real).workerTimeout(Duration.ofHours(1)));
    FakeWorker worker = worker("w", broker).ready(1, "q");
    JobQueue realQueue =
        closeLater(JobQueue.redis(QueueConfig.builder().redisUri(redis.uri()).clock(real).build()));
    String first = realQueue.enqueue(JobRequest.of("q", null));
    Job job = worker.nextJob(WAIT);
    assertEquals(first, job.id());
    worker.heartbeat(job.id()).done(job.id());

    // busy, due.lua would run 10 times a second: 12 scripts in 1.2 s; quiet, once a second plus
    // the safety-net claim of the served topic
    long[] last = {evalshaCalls()};
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(1200))
        .until(
            () -> {
              long now = evalshaCalls();
              boolean quiet = now - last[0] <= 4;
              last[0] = now;
              return quiet;
            });

    String later = realQueue.enqueue(JobRequest.of("q", null).withRunAt(real.millis() + 300));
    assertEquals(later, worker.nextJob(WAIT).id());
  }

  private static long evalshaCalls() {
    for (String line : raw.info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_evalsha:")) {
        return Long.parseLong(line.replaceAll("^cmdstat_evalsha:calls=(\\d+),.*", "$1"));
      }
    }
    return 0;
  }
}
