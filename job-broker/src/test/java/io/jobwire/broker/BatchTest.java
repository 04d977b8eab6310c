package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.Job;
import io.jobwire.queue.BatchReceipt;
import io.jobwire.queue.BatchRequest;
import io.jobwire.queue.BatchStatus;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.testing.Layout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Batches: counting children once, dependencies, the callback, progress for a front end. */
class BatchTest extends BrokerTestBase {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final Duration QUIET = Duration.ofMillis(500);

  String state(String job) {
    return queue.status(job).map(s -> s.state().wire()).orElse(null);
  }

  BatchStatus batch(String id) {
    return queue.batch(id).orElseThrow();
  }

  /**
   * Runs jobs of topic "t" until {@code count} ran: done, or fail (no retry) for {@code failing}.
   */
  static List<Job> run(FakeWorker worker, int count, Set<String> failing) {
    List<Job> ran = new ArrayList<>();
    while (ran.size() < count) {
      Job job = worker.nextJob();
      ran.add(job);
      if (failing.contains(job.id())) {
        worker.fail(job.id(), false);
      } else {
        worker.done(job.id());
      }
    }
    return ran;
  }

  @Test
  void counts_every_child_once_and_runs_the_callback_once_with_their_outcomes() {
    Broker first = broker();
    Broker second = broker();
    var builder = BatchRequest.builder().callback(JobRequest.of("report", null));
    for (int i = 0; i < 50; i++) {
      builder.add(JobRequest.of("t", Codec.mapper().createObjectNode().put("i", i)));
    }
    BatchReceipt receipt = queue.enqueueBatch(builder.build());
    String failing = receipt.jobs().get(7);
    FakeWorker viaFirst = worker("w1", first).ready(50, "t");
    FakeWorker viaSecond = worker("w1", second).ready(50, "t");

    Set<String> ran = new HashSet<>();
    while (ran.size() < 50) {
      for (FakeWorker via : List.of(viaFirst, viaSecond)) {
        Job job = via.nextJob(Duration.ofMillis(50));
        if (job == null) {
          continue;
        }
        ran.add(job.id());
        if (job.id().equals(failing)) {
          via.fail(job.id(), false);
        } else { // a real worker's done goes to every broker
          viaFirst.done(job.id());
          viaSecond.done(job.id());
        }
      }
    }

    await().atMost(WAIT).until(() -> batch(receipt.batch()).complete());
    BatchStatus status = batch(receipt.batch());
    assertEquals(50, status.total());
    assertEquals(49, status.succeeded());
    assertEquals(1, status.failed());
    FakeWorker reporter = worker("r", first).ready(4, "report");
    Job callback = reporter.nextJob();
    assertEquals(receipt.callback(), callback.id());
    JsonNode outcomes = callback.params().path("batch");
    assertEquals(49, outcomes.path("succeeded").asInt());
    assertEquals(50, outcomes.path("children").size());
    assertTrue(outcomes.path("children").toString().contains(failing));
    reporter.done(callback.id());
    assertNull(reporter.nextJob(QUIET), "the callback runs once");
    await().atMost(WAIT).until(() -> "succeeded".equals(batch(receipt.batch()).callbackState()));
    assertEquals(50, batch(receipt.batch()).finished());
    assertEquals(0, raw.zcard(P + "batches"), "closed: no broker sweeps it any more");
    assertTrue(raw.pttl(P + "batch:" + receipt.batch()) > 0, "its record expires");
    assertEquals(0, raw.llen(Layout.topic(raw, "t").batchOutbox()), "every outbox entry was taken");
    assertEquals(50, counter(first, second, "jobwire.batch.children.counted"), "counted once each");
    assertEquals(1, counter(first, second, "jobwire.batches.completed"));
  }

  static long counter(Broker one, Broker other, String name) {
    return (long)
        (one.meterRegistry().get(name).functionCounter().count()
            + other.meterRegistry().get(name).functionCounter().count());
  }

  @Test
  void a_child_starts_once_its_dependency_succeeded_and_fails_when_one_failed() throws Exception {
    Broker broker = broker();
    BatchReceipt receipt =
        queue.enqueueBatch(
            BatchRequest.builder()
                .add(JobRequest.of("t", null)) // 0
                .add(JobRequest.of("t", null), 0) // 1 after 0
                .add(JobRequest.of("t", null), 1) // 2 after 1, which fails
                .add(JobRequest.of("t", null), 0, 2) // 3 after 0 and 2
                .build());
    List<String> ids = receipt.jobs();
    FakeWorker worker = worker("w", broker).ready(4, "t");

    Job zero = worker.nextJob();
    assertEquals(ids.get(0), zero.id());
    assertNull(worker.nextJob(QUIET), "the others wait for job 0");
    assertNull(state(ids.get(1)), "a waiting job is not queued yet");
    worker.done(zero.id());
    Job one = worker.nextJob();
    assertEquals(ids.get(1), one.id());
    worker.fail(one.id(), false);

    await().atMost(WAIT).until(() -> batch(receipt.batch()).complete());
    assertEquals(1, batch(receipt.batch()).succeeded());
    assertEquals(3, batch(receipt.batch()).failed());
    assertNull(worker.nextJob(QUIET), "jobs 2 and 3 never run");
    JsonNode two =
        Codec.mapper().readTree(raw.hget(P + "batch:" + receipt.batch() + ":children", ids.get(2)));
    assertEquals("cancelled", two.path("s").asText());
    assertEquals("dependency_failed", two.path("e").asText());
  }

  @Test
  void the_front_end_gets_each_childs_outcome_and_the_totals_then_the_batch_result()
      throws Exception {
    Broker broker = broker();
    FakeFrontend frontend = closeLater(new FakeFrontend());
    var route = Codec.mapper().createObjectNode().put("sub", "s-1");
    BatchReceipt receipt =
        queue.enqueueBatch(
            BatchRequest.builder()
                .add(JobRequest.of("t", null))
                .add(JobRequest.of("t", null))
                .add(JobRequest.of("t", null))
                .reportTo(frontend.endpoint, route)
                .build());
    FakeWorker worker = worker("w", broker).ready(3, "t");
    run(worker, 3, Set.of(receipt.jobs().get(1)));

    Set<String> children = new HashSet<>();
    List<Long> seqs = new ArrayList<>();
    IngressMessage last = null;
    for (int i = 0; i < 4; i++) {
      last = frontend.next(WAIT);
      if (last instanceof IngressMessage.Progress p) {
        assertEquals(receipt.batch(), p.job());
        assertEquals(3, p.data().path("total").asInt());
        children.add(p.data().path("job").asText());
        seqs.add(p.seq());
      }
    }
    assertEquals(Set.copyOf(receipt.jobs()), children);
    assertEquals(List.of(1L, 2L, 3L), seqs.stream().sorted().toList());
    IngressMessage.Result result = (IngressMessage.Result) last;
    assertEquals(4L, result.seq());
    assertEquals(3, result.data().path("done").asInt());
    assertEquals(1, result.data().path("failed").asInt());
    assertEquals(receipt.jobs().get(1), result.data().path("failures").get(0).path("job").asText());
    assertEquals("boom", result.data().path("failures").get(0).path("code").asText());
  }

  @Test
  void
      children_finished_while_no_broker_ran_are_counted_by_the_next_one_and_a_redo_counts_nothing() {
    BatchReceipt receipt =
        queue.enqueueBatch(
            BatchRequest.builder()
                .add(JobRequest.of("t", null))
                .add(JobRequest.of("t", null))
                .callback(JobRequest.of("report", null))
                .build());
    receipt.jobs().forEach(queue::cancel); // finished; no broker has counted them yet
    assertEquals(0, batch(receipt.batch()).finished());
    String entry = raw.lindex(Layout.topic(raw, "t").batchOutbox(), 0);

    Broker broker = broker();
    await().atMost(WAIT).until(() -> batch(receipt.batch()).complete());
    raw.rpush(
        Layout.topic(raw, "t").batchOutbox(),
        entry); // as if a broker died before taking it off the outbox
    raw.publish(P + "batched", "t");
    await().atMost(WAIT).until(() -> raw.llen(Layout.topic(raw, "t").batchOutbox()) == 0);

    assertEquals(2, batch(receipt.batch()).failed());
    assertEquals(2, batch(receipt.batch()).finished());
    FakeWorker reporter = worker("r", broker).ready(4, "report");
    assertEquals(receipt.callback(), reporter.nextJob().id());
    assertNull(reporter.nextJob(QUIET), "the callback runs once");
  }

  @Test
  void cancelling_a_batch_cancels_its_unfinished_jobs_and_it_completes_with_its_callback() {
    Broker broker = broker();
    BatchReceipt receipt =
        queue.enqueueBatch(
            BatchRequest.builder()
                .add(JobRequest.of("t", null)) // 0 and 2: one runs, one waits in the queue
                .add(JobRequest.of("t", null), 0) // 1: waits for 0
                .add(JobRequest.of("t", null))
                .callback(JobRequest.of("report", null))
                .build());
    FakeWorker worker = worker("w", broker).ready(1, "t");
    Job running = worker.nextJob();
    String queued = receipt.jobs().get(running.id().equals(receipt.jobs().get(0)) ? 2 : 0);

    assertTrue(queue.cancel(receipt.batch()));
    assertEquals("cancel", worker.next(WAIT).path("type").asText());
    worker.fail(running.id(), true); // its attempt ends; the cancel makes it final

    await().atMost(WAIT).until(() -> batch(receipt.batch()).complete());
    assertEquals(3, batch(receipt.batch()).failed());
    assertEquals("cancelled", state(queued));
    assertNull(state(receipt.jobs().get(1)), "the waiting job was never queued");
    assertNull(worker.nextJob(QUIET), "nothing of the batch runs any more");
    FakeWorker reporter = worker("r", broker).ready(1, "report");
    assertEquals(receipt.callback(), reporter.nextJob().id());
    assertTrue(!queue.cancel(receipt.batch()), "a complete batch is not cancelled again");
  }
}
