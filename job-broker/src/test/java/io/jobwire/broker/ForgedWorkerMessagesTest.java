package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jobwire.protocol.Codec;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.testing.Layout;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rogue broker client (an unregistered DEALER, or a worker registered under its own name) sends
 * {@code done}, {@code fail} and {@code bye} about jobs and workers that are not its own: the
 * broker binds each message to the connection it came from, so nothing changes, and each refusal is
 * counted.
 */
class ForgedWorkerMessagesTest extends BrokerTestBase {
  Broker broker;

  @BeforeEach
  void startBroker() {
    broker = broker();
  }

  String enqueue(String topic) {
    return queue.enqueue(JobRequest.of(topic, Codec.mapper().createObjectNode()));
  }

  JobState state(String job) {
    return queue.status(job).orElseThrow().state();
  }

  void awaitRefused(long count) {
    await().atMost(Duration.ofSeconds(5)).until(() -> broker.stats().refusedMessages() >= count);
  }

  void awaitWorkers(int count) {
    await().atMost(Duration.ofSeconds(5)).until(() -> broker.stats().workers() == count);
  }

  @Test
  void forged_done_on_a_queued_job_changes_nothing_and_is_counted() {
    String id = enqueue("victims");
    FakeWorker stranger = worker("stranger", broker);
    FakeWorker mallory = worker("mallory", broker).ready(1, "other");
    awaitWorkers(1);

    stranger.done(id);
    mallory.done(id);

    awaitRefused(2);
    assertEquals(JobState.QUEUED, state(id));
    assertEquals(0, queue.status(id).orElseThrow().attempts());
    // the job still runs, on a worker of its topic
    FakeWorker victim = worker("victim", broker).ready(1, "victims");
    assertEquals(id, victim.nextJob().id());
  }

  @Test
  void forged_fail_without_retry_on_another_workers_running_job_changes_nothing() {
    FakeWorker victim = worker("victim", broker).ready(1, "victims");
    String id = enqueue("victims");
    assertEquals(id, victim.nextJob().id());
    FakeWorker stranger = worker("stranger", broker);
    FakeWorker mallory = worker("mallory", broker).ready(1, "other");
    awaitWorkers(2);

    stranger.fail(id, false);
    mallory.fail(id, false);

    awaitRefused(2);
    assertEquals(JobState.RUNNING, state(id));
    assertNull(queue.status(id).orElseThrow().error());
    assertNull(raw.zscore(Layout.of(id).dead(), id));
    // its own worker still ends it
    victim.done(id);
    await().atMost(Duration.ofSeconds(5)).until(() -> state(id) == JobState.SUCCEEDED);
  }

  @Test
  void forged_done_on_another_workers_running_job_changes_nothing() {
    FakeWorker victim = worker("victim", broker).ready(1, "victims");
    String id = enqueue("victims");
    assertEquals(id, victim.nextJob().id());
    FakeWorker mallory = worker("mallory", broker).ready(1, "other");
    awaitWorkers(2);

    mallory.done(id);

    awaitRefused(1);
    assertEquals(JobState.RUNNING, state(id));
    // the victim's slot is still taken: a second job waits
    String second = enqueue("victims");
    assertNull(victim.nextJob(Duration.ofMillis(300)));
    victim.done(id);
    assertEquals(second, victim.nextJob().id());
  }

  @Test
  void forged_bye_naming_a_real_worker_changes_nothing() {
    FakeWorker victim = worker("victim", broker).ready(1, "victims");
    String id = enqueue("victims");
    assertEquals(id, victim.nextJob().id());
    FakeWorker stranger = worker("stranger", broker);
    FakeWorker mallory = worker("mallory", broker).ready(1, "other");
    awaitWorkers(2);

    String byeFromVictim = "{\"type\":\"bye\",\"worker\":\"victim\"}";
    stranger.send(byeFromVictim);
    awaitRefused(1);
    mallory.send(byeFromVictim); // leaves mallory itself, not the victim
    awaitWorkers(1);

    assertEquals(JobState.RUNNING, state(id));
    assertEquals("victim", raw.hget(Layout.job(id), "worker"));
    victim.done(id);
    await().atMost(Duration.ofSeconds(5)).until(() -> state(id) == JobState.SUCCEEDED);
  }
}
