package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.Job;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.testing.Layout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Brokers that crash, restart or share one Redis. */
class BrokerRecoveryTest extends BrokerTestBase {
  static final Duration QUIET = Duration.ofMillis(300);

  String enqueue(String topic) {
    return queue.enqueue(JobRequest.of(topic, null));
  }

  @Test
  void restarted_broker_counts_the_jobs_a_rejoining_worker_still_runs_against_its_capacity() {
    Broker first = broker();
    FakeWorker worker = worker("w1", first).ready(2, "t");
    String a = enqueue("t");
    String b = enqueue("t");
    worker.nextJob();
    worker.nextJob();
    first.close(); // as if killed: both jobs stay leased to w1 in Redis
    enqueue("t");

    Broker second = broker();
    FakeWorker again = worker("w1", second).ready(2, "t"); // the worker reconnects
    again.heartbeat(a, b);
    // a new connection can take a JeroMQ handshake interval (500 ms) to come up
    await().atMost(Duration.ofSeconds(5)).until(() -> second.stats().workers() == 1);

    assertNull(again.next(QUIET), "a third job while two still run");
    assertEquals(2, second.stats().running());

    again.done(a);
    Job third = again.nextJob();
    assertTrue(!third.id().equals(a) && !third.id().equals(b), third.id());
  }

  @Test
  void two_brokers_on_one_redis_never_hand_one_job_to_two_workers() {
    Broker one = broker();
    Broker two = broker();
    FakeWorker left = worker("left", one).ready(64, "t");
    FakeWorker right = worker("right", two).ready(64, "t");
    Set<String> enqueued = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      enqueued.add(enqueue("t"));
    }

    Set<String> seen = new HashSet<>();
    List<String> handed = new ArrayList<>();
    for (FakeWorker worker : List.of(left, right)) {
      for (var message = worker.next(Duration.ofSeconds(2));
          message != null;
          message = worker.next(QUIET)) {
        String id = message.path("job").path("id").asText();
        handed.add(id);
        seen.add(id);
        worker.done(id);
      }
    }

    assertEquals(enqueued, seen);
    assertEquals(enqueued.size(), handed.size(), "a job was handed out twice");
  }

  @Test
  void a_draining_worker_gets_no_new_jobs_and_a_job_it_hands_back_keeps_its_attempt() {
    Broker broker = broker();
    FakeWorker leaving = worker("leaving", broker).ready(4, "t");
    String id = enqueue("t");
    assertEquals(1, leaving.nextJob().attempt());

    clock.advance(Duration.ofSeconds(1));
    leaving.send(
        "{\"type\":\"heartbeat\",\"worker\":\"leaving\",\"running\":[\""
            + id
            + "\"],\"draining\":true}");
    long extended = clock.millis() + BrokerConfig.DEFAULT_LEASE_DURATION.toMillis();
    await() // the lease it extends shows the broker has read the heartbeat
        .atMost(Duration.ofSeconds(5))
        .until(() -> raw.zscore(Layout.of(id).inflight(), id) == extended);
    String later = enqueue("t");
    assertNull(leaving.next(QUIET), "a draining worker is handed nothing");

    leaving.send(
        "{\"type\":\"fail\",\"job\":\"%s\",\"error\":{\"code\":\"shutdown\",\"message\":\"stopping\"},\"retry\":true}"
            .formatted(id));
    FakeWorker other = worker("other", broker).ready(4, "t");
    Set<String> got = new HashSet<>();
    Job first = other.nextJob();
    Job second = other.nextJob();
    got.add(first.id());
    got.add(second.id());

    assertEquals(Set.of(id, later), got);
    Job handedBack = first.id().equals(id) ? first : second;
    assertEquals(1, handedBack.attempt(), "handing back costs no attempt");
  }
}
