package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.Job;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.testing.Layout;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BrokerTest extends BrokerTestBase {
  static final Duration QUIET = Duration.ofMillis(300);

  Broker broker;

  @BeforeEach
  void startBroker() {
    broker = broker(config());
  }

  BrokerConfig.Builder config() {
    return brokerConfig().retryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  FakeWorker worker(String name) {
    return worker(name, broker);
  }

  FakeFrontend frontend() {
    return closeLater(new FakeFrontend());
  }

  static JsonNode json(String text) {
    try {
      return Codec.mapper().readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  String enqueue(String topic) {
    return queue.enqueue(JobRequest.of(topic, json("{}")));
  }

  JobState state(String job) {
    return queue.status(job).orElseThrow().state();
  }

  void awaitWorkers(int count) {
    await().atMost(Duration.ofSeconds(5)).until(() -> broker.stats().workers() == count);
  }

  @Test
  void broker_binds_an_ephemeral_port_and_reports_it() {
    assertTrue(broker.endpoint().matches("tcp://127\\.0\\.0\\.1:\\d+"), broker.endpoint());
    assertNotEquals("tcp://127.0.0.1:0", broker.endpoint());
  }

  @Test
  void broker_hands_a_job_to_a_ready_worker_with_reply_to_and_route() {
    FakeWorker worker = worker("w1").ready(1, "ping");
    awaitWorkers(1);
    String id =
        queue.enqueue(
            JobRequest.of("ping", json("{\"count\":3}"))
                .withUser("ann")
                .withReply("tcp://127.0.0.1:5555", json("{\"sub\":\"s-1\",\"fe\":\"fe-1\"}"))
                .withDeadline(clock.millis() + 60_000));

    Job job = worker.nextJob();

    assertEquals(id, job.id());
    assertEquals("ping", job.topic());
    assertEquals(json("{\"count\":3}"), job.params());
    assertEquals("ann", job.user());
    assertEquals("tcp://127.0.0.1:5555", job.replyTo());
    assertEquals(json("{\"sub\":\"s-1\",\"fe\":\"fe-1\"}"), job.route());
    assertEquals(1, job.attempt());
    assertEquals(BrokerConfig.DEFAULT_MAX_ATTEMPTS, job.maxAttempts());
    assertEquals(clock.millis() + 60_000, job.deadline());
    assertEquals(JobState.RUNNING, state(id));
    assertEquals(1, queue.status(id).orElseThrow().attempts());
  }

  @Test
  void enqueue_wakes_an_idle_broker_without_waiting_for_its_poll() {
    broker.close();
    broker = broker(config().pollInterval(Duration.ofMinutes(1)));
    FakeWorker worker = worker("w1").ready(1, "now");
    awaitWorkers(1);

    String id = enqueue("now");

    JsonNode message = worker.next(Duration.ofSeconds(5));
    assertNotNull(message, "the enqueue did not wake the broker");
    assertEquals(id, message.path("job").path("id").asText());
  }

  @Test
  void job_enqueued_before_any_worker_runs_is_delivered_when_a_worker_joins() {
    String id = enqueue("early");

    FakeWorker worker = worker("w1").ready(1, "early");

    assertEquals(id, worker.nextJob().id());
  }

  @Test
  void broker_never_exceeds_worker_capacity() {
    FakeWorker worker = worker("w1").ready(2, "busy");
    awaitWorkers(1);
    for (int i = 0; i < 5; i++) {
      enqueue("busy");
    }

    Job first = worker.nextJob();
    worker.nextJob();
    assertNull(worker.next(QUIET), "a third job while two run");
    assertEquals(2, broker.stats().running());

    worker.done(first.id());
    worker.nextJob();
    assertNull(worker.next(QUIET), "a fourth job while two run");
  }

  @Test
  void done_marks_job_succeeded_and_frees_capacity() {
    FakeWorker worker = worker("w1").ready(1, "work");
    String first = enqueue("work");
    String second = enqueue("work");
    assertEquals(first, worker.nextJob().id());

    worker.done(first);

    assertEquals(second, worker.nextJob().id());
    assertEquals(JobState.SUCCEEDED, state(first));
    assertNull(raw.zscore(Layout.of(first).inflight(), first));
    assertTrue(raw.pttl(Layout.job(first)) > 0, "a finished job's record expires");
  }

  @Test
  void jobs_are_spread_across_workers() {
    FakeWorker a = worker("a").ready(10, "spread");
    FakeWorker b = worker("b").ready(10, "spread");
    awaitWorkers(2);

    queue.enqueue(Collections.nCopies(10, JobRequest.of("spread", json("{}"))));

    for (int i = 0; i < 5; i++) {
      a.nextJob();
      b.nextJob();
    }
  }

  @Test
  void failed_job_is_retried_with_backoff_then_dead_and_failed_is_pushed_to_reply_to() {
    FakeFrontend frontend = frontend();
    FakeWorker worker = worker("w1").ready(1, "flaky");
    String id =
        queue.enqueue(
            JobRequest.of("flaky", json("{}"))
                .withReply(frontend.endpoint, json("{\"sub\":\"s-9\"}"))
                .withMaxAttempts(2));
    assertEquals(1, worker.nextJob().attempt());

    worker.fail(id, true);

    await().atMost(Duration.ofSeconds(5)).until(() -> state(id) == JobState.DELAYED);
    double due = raw.zscore(Layout.of(id).delayed(), id);
    assertTrue(due >= clock.millis() && due <= clock.millis() + 1000, "first retry within 1 s");
    assertNull(worker.next(QUIET), "no retry before its time");

    clock.advance(Duration.ofSeconds(2));
    broker.runDueWork();
    Job retry = worker.nextJob();
    assertEquals(id, retry.id());
    assertEquals(2, retry.attempt());

    worker.fail(id, true);

    IngressMessage failed = awaitIngress(frontend);
    var message = assertInstanceOf(IngressMessage.Failed.class, failed);
    assertEquals(id, message.job());
    assertEquals("s-9", message.sub());
    assertEquals("boom", message.error().code());
    assertEquals(JobState.DEAD, state(id));
    assertNotNull(raw.zscore(Layout.of(id).dead(), id));
  }

  @Test
  void fail_without_retry_goes_straight_to_the_dead_letters() {
    FakeFrontend frontend = frontend();
    FakeWorker worker = worker("w1").ready(1, "fatal");
    String id =
        queue.enqueue(
            JobRequest.of("fatal", json("{}"))
                .withReply(frontend.endpoint, json("{\"sub\":\"s-2\"}")));
    worker.nextJob();

    worker.fail(id, false);

    assertEquals(id, ((IngressMessage.Failed) awaitIngress(frontend)).job());
    assertEquals(JobState.DEAD, state(id));
    assertEquals("it broke", queue.status(id).orElseThrow().error().message());
  }

  @Test
  void job_whose_deadline_passed_while_queued_fails_without_running() {
    FakeFrontend frontend = frontend();
    String id =
        queue.enqueue(
            JobRequest.of("late", json("{}"))
                .withReply(frontend.endpoint, json("{\"sub\":\"s-3\"}"))
                .withDeadline(clock.millis() - 1));

    FakeWorker worker = worker("w1").ready(1, "late");

    var failed = (IngressMessage.Failed) awaitIngress(frontend);
    assertEquals("deadline", failed.error().code());
    assertEquals(JobState.FAILED, state(id));
    assertNull(worker.next(QUIET));
  }

  @Test
  void silent_worker_jobs_go_to_another_worker() {
    FakeWorker silent = worker("silent").ready(1, "t");
    String id = enqueue("t");
    assertEquals(id, silent.nextJob().id());

    clock.advance(Duration.ofSeconds(4));
    broker.runDueWork();

    assertEquals(0, broker.stats().workers());
    assertEquals(JobState.QUEUED, state(id));
    Job again = worker("other").ready(1, "t").nextJob();
    assertEquals(id, again.id());
    assertEquals(2, again.attempt());
  }

  @Test
  void bye_requeues_running_jobs() {
    FakeWorker leaving = worker("leaving").ready(1, "t");
    String id = enqueue("t");
    leaving.nextJob();

    leaving.bye();
    FakeWorker other = worker("other").ready(1, "t");

    assertEquals(id, other.nextJob().id());
    awaitWorkers(1);
  }

  @Test
  void heartbeat_extends_the_lease_of_running_jobs() {
    FakeWorker worker = worker("w1").ready(1, "t");
    String id = enqueue("t");
    worker.nextJob();
    long start = clock.millis();
    assertEquals(start + 5000, raw.zscore(Layout.of(id).inflight(), id).longValue());

    clock.advance(Duration.ofSeconds(2));
    worker.heartbeat(id);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> raw.zscore(Layout.of(id).inflight(), id).longValue() == start + 7000);
  }

  @Test
  void broker_sends_heartbeats_to_workers() {
    FakeWorker worker = worker("w1").ready(1, "t");
    awaitWorkers(1);

    clock.advance(Duration.ofSeconds(1));
    broker.runDueWork();

    JsonNode message = worker.nextRaw(Duration.ofSeconds(5));
    assertNotNull(message);
    assertEquals("heartbeat", message.path("type").asText());
  }

  @Test
  void expired_lease_is_requeued_by_a_new_broker() {
    FakeWorker first = worker("first").ready(1, "t");
    String id = enqueue("t");
    first.nextJob();
    broker.close(); // as if it crashed: the job stays leased in Redis

    clock.advance(Duration.ofSeconds(6));
    broker = broker(config());
    FakeWorker second = worker("second").ready(1, "t");
    broker.runDueWork();

    Job again = second.nextJob();
    assertEquals(id, again.id());
    assertEquals(2, again.attempt());
  }

  @Test
  void cancel_of_running_job_sends_cancel_to_the_worker() {
    FakeWorker worker = worker("w1").ready(1, "t");
    String id = enqueue("t");
    worker.nextJob();

    assertTrue(queue.cancel(id));

    JsonNode message = worker.next(Duration.ofSeconds(5));
    assertNotNull(message, "no cancel arrived");
    assertEquals("cancel", message.path("type").asText());
    assertEquals(id, message.path("job").asText());
    await().atMost(Duration.ofSeconds(5)).until(() -> state(id) == JobState.CANCELLED);
    assertNull(raw.zscore(Layout.of(id).inflight(), id));
  }

  @Test
  void cancelled_job_frees_its_slot_once_the_worker_stops_reporting_it() {
    FakeWorker worker = worker("w1").ready(1, "t");
    String id = enqueue("t");
    worker.nextJob();
    queue.cancel(id);
    assertEquals("cancel", worker.next(Duration.ofSeconds(5)).path("type").asText());
    String next = enqueue("t");
    assertNull(worker.next(QUIET), "slot still held while the worker may still run it");

    worker.heartbeat();

    assertEquals(next, worker.nextJob().id());
  }

  @Test
  void ready_again_replaces_the_old_registration_and_keeps_its_jobs() {
    FakeWorker before = worker("same").ready(1, "t");
    String first = enqueue("t");
    before.nextJob();

    FakeWorker after = worker("same").ready(1, "t");
    String second = enqueue("t");

    assertNull(after.next(QUIET), "the rejoined worker still runs its first job");
    assertEquals(1, broker.stats().workers());
    after.done(first);
    assertEquals(second, after.nextJob().id());
  }

  @Test
  void malformed_worker_message_is_counted_and_broker_keeps_working() {
    FakeWorker worker = worker("w1").ready(1, "t");
    worker.send("not json");
    worker.send("{\"type\":\"dance\"}");
    worker.send("{\"type\":\"done\"}");

    await().atMost(Duration.ofSeconds(5)).until(() -> broker.stats().malformedMessages() == 3);
    String id = enqueue("t");
    assertEquals(id, worker.nextJob().id());
  }

  private static IngressMessage awaitIngress(FakeFrontend frontend) {
    try {
      IngressMessage message = frontend.next(Duration.ofSeconds(5));
      assertNotNull(message, "nothing arrived at the front end");
      return message;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
