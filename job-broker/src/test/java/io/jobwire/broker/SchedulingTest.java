package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.Job;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobPriority;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.TopicPolicy;
import io.jobwire.queue.testing.Layout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When jobs run: scheduled, by priority, once per unique key, retried per topic policy. */
class SchedulingTest extends BrokerTestBase {
  static final Duration QUIET = Duration.ofMillis(300);
  Broker broker;
  final List<FakeWorker> workers = new ArrayList<>();

  @BeforeEach
  void start() {
    broker =
        broker(
            brokerConfig()
                // time jumps a minute here: the fake workers do not heartbeat
                .workerTimeout(Duration.ofMinutes(10))
                .leaseDuration(Duration.ofMinutes(10))
                .topicPolicy(
                    "slow", new TopicPolicy(Duration.ofSeconds(30), Duration.ofSeconds(30), 5)));
  }

  FakeWorker worker(int capacity, String topic) {
    var worker = worker("w" + workers.size(), broker).ready(capacity, topic);
    workers.add(worker);
    return worker;
  }

  JobState state(String id) {
    return queue.status(id).orElseThrow().state();
  }

  @Test
  void scheduled_job_waits_delayed_until_its_time_then_runs() {
    FakeWorker worker = worker(1, "t");
    String id = queue.enqueue(JobRequest.of("t", null).withRunAt(clock.millis() + 60_000));

    assertEquals(JobState.DELAYED, state(id));
    assertNull(worker.next(QUIET), "not before its time");

    clock.advance(Duration.ofSeconds(60));
    broker.runDueWork();

    assertEquals(id, worker.nextJob().id());
  }

  @Test
  void higher_priority_runs_first_but_only_by_a_bounded_head_start() {
    String oldLow = queue.enqueue(JobRequest.of("t", null).withPriority(JobPriority.LOW));
    clock.advance(Duration.ofSeconds(61)); // older than any head start: it must not starve
    String normal = queue.enqueue(JobRequest.of("t", null));
    String low = queue.enqueue(JobRequest.of("t", null).withPriority(JobPriority.LOW));
    String high = queue.enqueue(JobRequest.of("t", null).withPriority(JobPriority.HIGH));

    FakeWorker worker = worker(1, "t");
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Job job = worker.nextJob();
      order.add(job.id());
      worker.done(job.id());
    }

    assertEquals(List.of(oldLow, high, normal, low), order);
  }

  @Test
  void enqueue_with_a_unique_key_returns_the_unfinished_job_with_that_key() {
    FakeWorker worker = worker(1, "t");
    String first = queue.enqueue(JobRequest.of("t", null).withUnique("report-42"));
    assertEquals(first, queue.enqueue(JobRequest.of("t", null).withUnique("report-42")));
    assertNotEquals(first, queue.enqueue(JobRequest.of("other", null).withUnique("report-42")));

    assertEquals(first, worker.nextJob().id());
    assertEquals(first, queue.enqueue(JobRequest.of("t", null).withUnique("report-42")), "running");
    worker.done(first);
    await().atMost(Duration.ofSeconds(5)).until(() -> state(first) == JobState.SUCCEEDED);

    String second = queue.enqueue(JobRequest.of("t", null).withUnique("report-42"));
    assertNotEquals(first, second, "a finished job frees its key");
    assertEquals(second, worker.nextJob().id());
  }

  @Test
  void broker_cancels_a_running_job_past_its_deadline_and_fails_it_with_timeout() throws Exception {
    try (var frontend = new FakeFrontend()) {
      FakeWorker worker = worker(1, "t");
      String id =
          queue.enqueue(
              JobRequest.of("t", null)
                  .withReply(frontend.endpoint, BrokerTest.json("{\"sub\":\"s-1\"}"))
                  .withDeadline(clock.millis() + 10_000));
      assertEquals(id, worker.nextJob().id());

      clock.advance(Duration.ofSeconds(12));
      broker.runDueWork();

      var cancel = worker.next(Duration.ofSeconds(5));
      assertEquals("cancel", cancel.path("type").asText());
      assertEquals(id, cancel.path("job").asText());
      var failed = (io.jobwire.protocol.IngressMessage.Failed) frontend.next(Duration.ofSeconds(5));
      assertEquals("timeout", failed.error().code());
      assertEquals(JobState.FAILED, state(id));
      assertEquals(0, broker.stats().running(), "its slot is free");
    }
  }

  @Test
  void topic_policy_sets_backoff_and_attempts_of_its_topic() {
    FakeWorker worker = worker(1, "slow");
    String id = queue.enqueue(JobRequest.of("slow", null));
    Job job = worker.nextJob();
    assertEquals(5, job.maxAttempts());

    worker.fail(id, true);

    await().atMost(Duration.ofSeconds(5)).until(() -> state(id) == JobState.DELAYED);
    double due = raw.zscore(Layout.of(id).delayed(), id);
    assertTrue(due >= clock.millis() && due <= clock.millis() + 30_000, "within the topic's base");
    clock.advance(Duration.ofSeconds(31));
    broker.runDueWork();
    assertEquals(2, worker.nextJob().attempt());
  }
}
