package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jobwire.protocol.Job;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.testing.Layout;
import io.jobwire.queue.testing.TestClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Several brokers on one Redis, a worker connected to more than one of them (played by one raw
 * DEALER per broker, all with the worker's name), time moved by a {@link TestClock}.
 */
class SeveralBrokersTest extends BrokerTestBase {
  static final Duration QUIET = Duration.ofMillis(300);
  static final Duration WAIT = Duration.ofSeconds(10);

  String state(String job) {
    return queue.status(job).map(s -> s.state().wire()).orElse(null);
  }

  /**
   * Heartbeats {@code job} until a broker has extended its lease from now (a broker turn that read
   * the clock just before it moved would extend from the old time: the next heartbeat repairs it).
   */
  void heartbeatUntilExtended(FakeWorker worker, String job) {
    long until = clock.millis() + BrokerConfig.DEFAULT_LEASE_DURATION.toMillis();
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              worker.heartbeat(job);
              return raw.zscore(Layout.of(job).inflight(), job) == until;
            });
  }

  @Test
  void surviving_broker_requeues_the_jobs_of_a_dead_broker_whose_worker_died_too() {
    Broker dying = broker();
    Broker survivor = broker();
    FakeWorker lost = worker("lost", dying).ready(1, "t");
    String id = queue.enqueue(JobRequest.of("t", null));
    assertEquals(1, lost.nextJob().attempt());
    dying.close(); // jobs stay leased in Redis, as after a kill -9
    lost.close();

    clock.advance(BrokerConfig.DEFAULT_LEASE_DURATION.plusSeconds(1));
    survivor.runDueWork();

    assertEquals("queued", state(id));
    Job again = worker("other", survivor).ready(1, "t").nextJob();
    assertEquals(id, again.id());
    assertEquals(2, again.attempt());
  }

  @Test
  void surviving_broker_keeps_leased_the_jobs_a_live_worker_heartbeats_to_it() {
    Broker dying = broker();
    Broker survivor = broker();
    FakeWorker viaDying = worker("w", dying).ready(1, "t");
    String id = queue.enqueue(JobRequest.of("t", null));
    viaDying.nextJob();
    FakeWorker viaSurvivor = worker("w", survivor).ready(1, "t");
    dying.close();

    for (int second = 0; second < 12; second++) { // well past lease and worker timeout
      clock.advance(Duration.ofSeconds(1));
      heartbeatUntilExtended(viaSurvivor, id);
      survivor.runDueWork();
      assertEquals("running", state(id), "after " + (second + 1) + " s");
    }
    String next = queue.enqueue(JobRequest.of("t", null));
    assertNull(viaSurvivor.next(QUIET), "the worker is full with the dead broker's job");

    viaSurvivor.done(id);
    await().atMost(WAIT).until(() -> "succeeded".equals(state(id)));
    assertEquals(next, viaSurvivor.nextJob().id());
  }

  @Test
  void a_worker_silent_to_one_broker_keeps_the_jobs_it_heartbeats_to_another() {
    Broker deaf = broker();
    Broker hearing = broker();
    FakeWorker viaDeaf = worker("w", deaf).ready(1, "t");
    String id = queue.enqueue(JobRequest.of("t", null));
    viaDeaf.nextJob();
    FakeWorker viaHearing = worker("w", hearing).ready(1, "t");

    clock.advance(Duration.ofSeconds(2));
    heartbeatUntilExtended(viaHearing, id); // the worker is alive, heard by the other broker
    clock.advance(Duration.ofMillis(1500)); // the deaf broker's worker timeout is 3 s
    deaf.runDueWork(); // takes w for dead

    assertEquals("running", state(id));
    assertEquals("w", raw.hget(Layout.job(id), "worker"));
    assertEquals(List.of(), raw.zrange(Layout.topic(raw, "t").queue(), 0, -1));
  }

  @Test
  void a_job_handed_back_as_busy_keeps_its_attempt_and_goes_to_another_worker() {
    Broker broker = broker();
    FakeWorker full = worker("full", broker).ready(1, "t");
    String id = queue.enqueue(JobRequest.of("t", null));
    assertEquals(1, full.nextJob().attempt());

    full.send(
        "{\"type\":\"fail\",\"job\":\"%s\",\"error\":{\"code\":\"busy\",\"message\":\"full\"},\"retry\":true}"
            .formatted(id));
    assertNull(full.next(QUIET), "a busy worker gets nothing until its next heartbeat");
    Job again = worker("free", broker).ready(1, "t").nextJob();

    assertEquals(id, again.id());
    assertEquals(1, again.attempt(), "a busy handback spends no attempt");
  }
}
