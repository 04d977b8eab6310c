package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.Job;
import io.jobwire.protocol.JobState;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.testing.Layout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link JobQueue#reroute}: a front end takes over the jobs of one that is gone. */
class RerouteTest extends BrokerTestBase {
  static final String OLD = "tcp://127.0.0.1:5001";
  static final String NEW = "tcp://127.0.0.1:5002";

  final List<FakeWorker> workers = new ArrayList<>();
  Broker broker;

  @BeforeEach
  void start() {
    broker = broker();
  }

  static JsonNode route(String sub) {
    return Codec.mapper().createObjectNode().put("sub", sub);
  }

  String enqueue(JobRequest request) {
    return queue.enqueue(request.withReply(OLD, route("s-old")));
  }

  FakeWorker worker(String name) {
    return worker(name, 1);
  }

  FakeWorker worker(String name, int capacity) {
    FakeWorker worker = worker(name, broker);
    workers.add(worker);
    worker.ready(capacity, "t");
    await().atMost(Duration.ofSeconds(10)).until(() -> broker.stats().workers() == workers.size());
    return worker;
  }

  JobState state(String job) {
    return queue.status(job).orElseThrow().state();
  }

  @Test
  void a_queued_job_is_sent_to_the_new_front_end_when_it_runs() {
    String id = enqueue(JobRequest.of("t", null));

    assertEquals(JobQueue.Reroute.REROUTED, queue.reroute(id, NEW, route("s-new")));

    Job job = worker("w1").nextJob();
    assertEquals(id, job.id());
    assertEquals(NEW, job.replyTo());
    assertEquals("s-new", job.route().path("sub").asText());
  }

  @Test
  void a_delayed_job_keeps_waiting_with_the_new_address() {
    String id = enqueue(JobRequest.of("t", null).withRunAt(clock.millis() + 60_000));

    assertEquals(JobQueue.Reroute.REROUTED, queue.reroute(id, NEW, route("s-new")));

    assertEquals(JobState.DELAYED, state(id));
    assertEquals(NEW, raw.hget(Layout.job(id), "reply_to"));
  }

  @Test
  void a_running_job_runs_again_for_the_new_front_end_and_its_old_workers_done_is_ignored() {
    FakeWorker first = worker("w1");
    String id = enqueue(JobRequest.of("t", null));
    assertEquals(OLD, first.nextJob().replyTo());
    FakeWorker second = worker("w2");

    assertEquals(JobQueue.Reroute.REQUEUED, queue.reroute(id, NEW, route("s-new")));

    Job again = second.nextJob();
    assertEquals(id, again.id());
    assertEquals(NEW, again.replyTo());
    assertEquals(1, again.attempt(), "the rerouted attempt does not count");
    first.heartbeat(id).done(id);
    second.heartbeat(id);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> state(id) == JobState.RUNNING);
    assertEquals("w2", raw.hget(Layout.job(id), "worker"));
    second.done(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> state(id) == JobState.SUCCEEDED);
  }

  @Test
  void a_done_from_the_lost_attempt_does_not_end_the_rerouted_job() {
    FakeWorker worker = worker("w1");
    String id = enqueue(JobRequest.of("t", null));
    worker.nextJob();

    assertEquals(JobQueue.Reroute.REQUEUED, queue.reroute(id, NEW, route("s-new")));
    worker.done(id); // the lost attempt's result went to the old front end

    Job again = worker.nextJob(); // the same worker, free again, runs it for the new one
    assertEquals(id, again.id());
    assertEquals(NEW, again.replyTo());
    assertEquals(JobState.RUNNING, state(id));
    worker.done(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> state(id) == JobState.SUCCEEDED);
  }

  @Test
  void copies_of_the_lost_attempts_done_sent_to_other_brokers_do_not_end_the_rerouted_job() {
    FakeWorker worker = worker("w1");
    String id = enqueue(JobRequest.of("t", null));
    worker.nextJob();
    assertEquals(JobQueue.Reroute.REQUEUED, queue.reroute(id, NEW, route("s-new")));

    // a worker tells every broker it is connected to that a job is done
    FakeWorker sameWorkerOnAnother = worker("w1", broker()).ready(1, "other");
    sameWorkerOnAnother.done(id);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !"w1".equals(raw.hget(Layout.job(id), "rerouted")));
    worker.done(id);

    Job again = worker.nextJob();
    assertEquals(id, again.id());
    assertEquals(NEW, again.replyTo());
    assertEquals(JobState.RUNNING, state(id));
    worker.done(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> state(id) == JobState.SUCCEEDED);
  }

  @Test
  void the_worker_still_running_the_lost_attempt_is_not_handed_the_rerun() {
    FakeWorker worker = worker("w1", 2); // room for the rerun, which it would take for the old run
    String id = enqueue(JobRequest.of("t", null));
    worker.nextJob();

    assertEquals(JobQueue.Reroute.REQUEUED, queue.reroute(id, NEW, route("s-new")));
    worker.heartbeat(id);
    assertEquals(null, worker.next(Duration.ofSeconds(2)), "no job while the lost attempt runs");
    assertEquals(JobState.QUEUED, state(id));

    worker.done(id); // the lost attempt ended (its result went to the old front end)
    Job again = worker.nextJob();
    assertEquals(NEW, again.replyTo());
    worker.done(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> state(id) == JobState.SUCCEEDED);
  }

  @Test
  void a_finished_job_whose_result_went_to_the_dead_front_end_runs_again() {
    FakeWorker worker = worker("w1");
    String id = enqueue(JobRequest.of("t", null));
    worker.nextJob();
    worker.done(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> state(id) == JobState.SUCCEEDED);
    // a finished job keeps no params: the rerun takes those its subscription recorded
    raw.hset(P + "sub:s-new", Map.of("job", id, "params", "{\"n\":1}"));

    assertEquals(JobQueue.Reroute.RERUN, queue.reroute(id, NEW, route("s-new")));

    Job again = worker.nextJob();
    assertEquals(id, again.id());
    assertEquals(NEW, again.replyTo());
    assertEquals(1, again.params().get("n").asInt());
    worker.done(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> state(id) == JobState.SUCCEEDED);
  }

  @Test
  void a_finished_job_whose_subscription_left_no_record_stays_finished() {
    FakeWorker worker = worker("w1");
    String id = enqueue(JobRequest.of("t", null));
    worker.nextJob();
    worker.done(id);
    await().atMost(Duration.ofSeconds(10)).until(() -> state(id) == JobState.SUCCEEDED);

    assertEquals(JobQueue.Reroute.FINAL, queue.reroute(id, NEW, route("s-new")));
    assertEquals(JobState.SUCCEEDED, state(id));
  }

  @Test
  void a_cancelled_job_stays_cancelled_and_an_unknown_one_is_unknown() {
    String id = enqueue(JobRequest.of("t", null));
    queue.cancel(id);

    assertEquals(JobQueue.Reroute.FINAL, queue.reroute(id, NEW, route("s-new")));
    assertEquals(JobState.CANCELLED, state(id));
    assertEquals(JobQueue.Reroute.UNKNOWN, queue.reroute("j-nope", NEW, route("s-new")));
  }
}
