package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.Job;
import io.jobwire.queue.FlowControl;
import io.jobwire.queue.FlowLimits;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.testing.Layout;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A broker whose claim left worker slots free stands by for the topic (lease.lua): the next enqueue
 * leases its job to one of those slots and publishes it to that broker, which sends it on without a
 * claim. Every guarantee of the claim holds on that path.
 */
class HandoffTest extends BrokerTestBase {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final Duration QUIET = Duration.ofMillis(300);

  /** Long enough that neither timed work nor the periodic claim runs during a test. */
  static final Duration SLOW_POLL = Duration.ofSeconds(20);

  /** Runs one job of {@code topic} so that its tag exists, then waits for a standby token. */
  String standingBy(FakeWorker worker, String topic, int brokers) {
    String first = queue.enqueue(JobRequest.of(topic, null));
    Job job = worker.nextJob(WAIT);
    assertEquals(first, job.id());
    worker.heartbeat(job.id()).done(job.id());
    String standby = Layout.of(first).standby();
    await().atMost(WAIT).until(() -> raw.hlen(standby) == brokers);
    return standby;
  }

  long scriptCalls() {
    long calls = 0;
    for (String line : raw.info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
        calls += Long.parseLong(line.replaceAll("^[^:]*:calls=(\\d+),.*", "$1"));
      }
    }
    return calls;
  }

  @Test
  void a_job_enqueued_while_the_broker_stands_by_runs_without_a_claim() {
    Broker broker = broker(brokerConfig().pollInterval(SLOW_POLL));
    FakeWorker worker = worker("w", broker).ready(1, "t");
    standingBy(worker, "t", 1);
    long before = scriptCalls();

    String id = queue.enqueue(JobRequest.of("t", null));
    Job job = worker.nextJob(WAIT);

    assertEquals(id, job.id());
    assertEquals(1, job.attempt());
    assertEquals(before + 1, scriptCalls(), "the enqueue's script only: no claim");
    assertEquals("running", queue.status(id).orElseThrow().state().wire());
    worker.heartbeat(id).done(id);
    await().atMost(WAIT).until(() -> "succeeded".equals(queue.status(id).get().state().wire()));
  }

  @Test
  void a_job_handed_to_a_broker_that_died_runs_again_once_its_lease_expires() {
    Broker dying = broker(brokerConfig().pollInterval(SLOW_POLL));
    FakeWorker lost = worker("lost", dying).ready(1, "t");
    standingBy(lost, "t", 1);
    String id = queue.enqueue(JobRequest.of("t", null));
    assertEquals(id, lost.nextJob(WAIT).id());
    dying.close(); // the handed job stays leased in Redis, as after a kill -9
    lost.close();

    Broker survivor = broker();
    clock.advance(BrokerConfig.DEFAULT_LEASE_DURATION.plusSeconds(1));
    survivor.runDueWork();

    Job again = worker("other", survivor).ready(1, "t").nextJob(WAIT);
    assertEquals(id, again.id());
    assertEquals(2, again.attempt());
  }

  @Test
  void a_closed_broker_takes_its_token_back_and_a_lapsed_token_hands_nothing() {
    Broker closing = broker();
    FakeWorker worker = worker("w", closing).ready(1, "t");
    String standby = standingBy(worker, "t", 1);
    closing.close();
    assertEquals(0, raw.hlen(standby), "no token after close");

    // a token left by a broker that died: it lapses, and the job waits queued for a claim
    raw.hset(
        standby,
        "dead-broker",
        "{\"u\":" + clock.millis() + ",\"l\":5000,\"r\":\"0\",\"m\":\"3\",\"w\":[\"w\",1]}");
    clock.advance(Duration.ofMillis(1));
    String id = queue.enqueue(JobRequest.of("t", null));
    assertEquals("queued", queue.status(id).orElseThrow().state().wire());
    assertFalse(raw.hexists(standby, "dead-broker"), "a lapsed token is dropped");
  }

  /** The worker of {@code workers} that got the next job, once it has it. */
  static FakeWorker ranBy(String id, FakeWorker... workers) {
    long until = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < until) {
      for (FakeWorker worker : workers) {
        Job job = worker.nextJob(Duration.ofMillis(10));
        if (job != null) {
          assertEquals(id, job.id());
          worker.heartbeat(id).done(id);
          return worker;
        }
      }
    }
    throw new AssertionError("no worker got " + id);
  }

  @Test
  void two_brokers_standing_by_never_lease_a_job_twice_and_share_the_jobs() {
    Broker a = broker(brokerConfig().pollInterval(SLOW_POLL));
    Broker b = broker(brokerConfig().pollInterval(SLOW_POLL));
    FakeWorker viaA = worker("wa", a).ready(2, "t");
    FakeWorker viaB = worker("wb", b).ready(2, "t");
    String first = queue.enqueue(JobRequest.of("t", null));
    ranBy(first, viaA, viaB);
    String standby = Layout.of(first).standby();
    await().atMost(WAIT).until(() -> raw.hlen(standby) == 2);

    int byA = 0;
    for (int i = 0; i < 20; i++) {
      String id = queue.enqueue(JobRequest.of("t", null));
      if (ranBy(id, viaA, viaB) == viaA) {
        byA++;
      }
    }
    assertNull(viaA.next(QUIET), "no job twice");
    assertNull(viaB.next(Duration.ZERO), "no job twice");
    assertTrue(byA > 0 && byA < 20, "both brokers got jobs: " + byA + " of 20 by a");
  }

  @Test
  void a_paused_topic_and_a_flow_limit_hold_jobs_back_on_the_handoff_path() {
    Broker broker = broker();
    FakeWorker worker = worker("w", broker).ready(2, "t");
    standingBy(worker, "t", 1);

    assertTrue(queue.pause("t"));
    String held = queue.enqueue(JobRequest.of("t", null));
    assertNull(worker.next(QUIET), "paused: nothing handed");
    assertEquals("queued", queue.status(held).orElseThrow().state().wire());
    assertTrue(queue.resume("t"));
    assertEquals(held, worker.nextJob(WAIT).id());
    worker.heartbeat(held).done(held);

    try (var flow = FlowControl.redis(queueConfig())) {
      flow.set("t", FlowLimits.NONE.withMaxRunning(1));
      String standby = Layout.of(held).standby();
      await().atMost(WAIT).until(() -> raw.hlen(standby) == 1);
      String one = queue.enqueue(JobRequest.of("t", null));
      String two = queue.enqueue(JobRequest.of("t", null));
      assertEquals(one, worker.nextJob(WAIT).id());
      assertNull(worker.next(QUIET), "max_running 1: the second job waits");
      assertEquals("queued", queue.status(two).orElseThrow().state().wire());
      worker.heartbeat(one).done(one);
      assertEquals(two, worker.nextJob(WAIT).id());
    }
  }
}
