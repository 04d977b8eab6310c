package io.jobwire.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.IngressMessage;
import io.jobwire.protocol.WorkerMessage;
import io.jobwire.worker.testing.TestJobs;
import io.jobwire.worker.testing.WorkerHarness;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker against the wire contract: a raw ROUTER plays the broker, a raw PULL the front end.
 */
class WorkerProtocolTest {
  private final WorkerHarness harness = new WorkerHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void worker_sends_ready_with_topics_and_capacity() {
    harness.start(
        Worker.builder()
            .id("w-ready")
            .capacity(4)
            .handle("ping", job -> 1)
            .handle("echo", job -> 2));

    var ready = harness.broker.received(WorkerMessage.Ready.class).getFirst();
    assertEquals(new WorkerMessage.Ready("w-ready", List.of("echo", "ping"), 4), ready);
  }

  @Test
  void job_progress_and_result_are_pushed_to_reply_to_then_done_is_sent() {
    harness.start(
        Worker.builder()
            .handle(
                "count",
                job -> {
                  for (int i = 1; i <= 3; i++) {
                    job.progress(Map.of("tick", i));
                  }
                  return Map.of("ticks", 3);
                }));

    harness.send("j-1", "count", Map.of());

    harness.awaitDone("j-1");
    IngressMessage.Result result = harness.awaitResult("j-1");
    List<IngressMessage.Routed> pushed = harness.pushed("j-1");
    assertEquals(4, pushed.size(), pushed::toString);
    for (int i = 0; i < 3; i++) {
      var progress = assertInstanceOf(IngressMessage.Progress.class, pushed.get(i));
      assertEquals(i + 1, progress.seq());
      assertEquals(i + 1, progress.data().get("tick").asInt());
      assertEquals("s-j-1", progress.sub());
    }
    assertEquals(4, result.seq());
    assertEquals(3, result.data().get("ticks").asInt());
    assertEquals("fe-test", result.route().get("fe").asText(), "route is copied whole");
  }

  @Test
  void every_job_pushes_its_messages_in_seq_order_when_more_run_at_once_than_have_a_socket() {
    int jobs = 40; // more than the PUSH sockets a worker lends its jobs (16): the rest share one
    var allStarted = new CountDownLatch(jobs);
    harness.start(
        Worker.builder()
            .capacity(jobs)
            .handle(
                "count",
                job -> {
                  allStarted.countDown();
                  allStarted.await(10, TimeUnit.SECONDS); // all running: none gives a socket back
                  for (int i = 1; i <= 5; i++) {
                    job.progress(Map.of("tick", i));
                  }
                  return Map.of("ticks", 5);
                }));

    for (int j = 0; j < jobs; j++) {
      harness.send("j-many-" + j, "count", Map.of());
    }

    for (int j = 0; j < jobs; j++) {
      String job = "j-many-" + j;
      harness.awaitDone(job);
      assertEquals(6, harness.awaitResult(job).seq());
      List<IngressMessage.Routed> pushed = harness.pushed(job);
      assertEquals(6, pushed.size(), pushed::toString);
      for (int i = 0; i < 5; i++) {
        var progress = assertInstanceOf(IngressMessage.Progress.class, pushed.get(i));
        assertEquals(i + 1, progress.seq(), pushed::toString);
      }
    }
  }

  @Test
  void handler_exception_sends_fail_with_retry() {
    harness.start(
        Worker.builder()
            .handle(
                "flaky",
                job -> {
                  throw new IllegalStateException("disk full");
                }));

    harness.send("j-2", "flaky", Map.of());

    var fail = harness.awaitFail("j-2");
    assertEquals("internal", fail.error().code());
    assertTrue(fail.error().message().contains("disk full"), fail.error().message());
    assertTrue(fail.retry());
    assertTrue(harness.pushed("j-2").isEmpty(), "no result for a failed job");
  }

  @Test
  void job_failure_without_retry_sends_retry_false() {
    harness.start(
        Worker.builder()
            .handle(
                "strict",
                job -> {
                  throw JobFailure.permanent("bad_input", "n must be even");
                }));

    harness.send("j-3", "strict", Map.of());

    var fail = harness.awaitFail("j-3");
    assertEquals("bad_input", fail.error().code());
    assertEquals("n must be even", fail.error().message());
    assertFalse(fail.retry());
  }

  @Test
  void a_bad_param_fails_the_job_with_bad_request_and_no_retry() {
    harness.start(Worker.builder().handle("ping", job -> job.param("count", 3, 0, 10)));

    harness.send("j-bad", "ping", Map.of("count", 11));

    var fail = harness.awaitFail("j-bad");
    assertEquals("bad_request", fail.error().code());
    assertTrue(fail.error().message().contains("count"), fail.error().message());
    assertFalse(fail.retry());
  }

  record Answer(String name, int size) {}

  @Test
  void a_returned_record_becomes_the_result_data() {
    harness.start(Worker.builder().handle("answer", job -> new Answer(job.param("name", "x"), 42)));

    harness.send("j-rec", "answer", Map.of("name", "deep thought"));

    harness.awaitDone("j-rec");
    var data = harness.awaitResult("j-rec").data();
    assertEquals("deep thought", data.get("name").asText());
    assertEquals(42, data.get("size").asInt());
  }

  @Test
  void background_job_without_reply_to_sends_only_done() {
    var handled = new CountDownLatch(1);
    harness.start(
        Worker.builder()
            .handle(
                "nightly",
                job -> {
                  job.progress(Map.of("step", 1));
                  handled.countDown();
                  return Map.of("ok", true);
                }));

    harness.send(TestJobs.job("j-bg", "nightly", Map.of(), null));

    harness.awaitDone("j-bg");
    assertEquals(0, handled.getCount());
    assertTrue(harness.frontend.received().isEmpty(), "nothing is pushed anywhere");
    assertTrue(harness.broker.received(WorkerMessage.Fail.class).isEmpty());
  }

  @Test
  void heartbeat_lists_running_jobs() throws InterruptedException {
    var release = new CountDownLatch(1);
    harness.start(
        Worker.builder()
            .id("w-hb")
            .handle(
                "slow",
                job -> {
                  release.await(10, TimeUnit.SECONDS);
                  return null;
                }));

    harness.send("j-hb", "slow", Map.of());

    await().atMost(WorkerHarness.WAIT).until(() -> lastHeartbeat().running().contains("j-hb"));
    assertEquals("w-hb", lastHeartbeat().worker());
    release.countDown();
    harness.awaitDone("j-hb");
    await().atMost(WorkerHarness.WAIT).until(() -> lastHeartbeat().running().isEmpty());
  }

  @Test
  void a_job_whose_reply_to_is_unusable_fails_without_retry() {
    harness.start(Worker.builder().handle("ping", job -> 1));

    harness.send(TestJobs.job("j-u", "ping", Map.of(), "carrier-pigeon://nowhere"));

    var fail = harness.awaitFail("j-u");
    assertEquals("internal", fail.error().code());
    assertTrue(fail.error().message().contains("carrier-pigeon://nowhere"), fail.error().message());
    assertFalse(fail.retry());
  }

  @Test
  void a_job_for_a_topic_without_handler_fails_with_retry_for_another_worker() {
    harness.start(Worker.builder().handle("ping", job -> 1));

    harness.send("j-x", "sysinfo", Map.of());

    var fail = harness.awaitFail("j-x");
    assertEquals("unknown_topic", fail.error().code());
    assertTrue(fail.retry());
  }

  @Test
  void malformed_broker_messages_are_ignored() {
    harness.start(Worker.builder().handle("ping", job -> 1));

    harness.broker.sendRaw("not json".getBytes(StandardCharsets.UTF_8));
    harness.broker.sendRaw("{\"type\":\"dance\"}".getBytes(StandardCharsets.UTF_8));
    harness.broker.sendRaw(
        "{\"type\":\"job\",\"job\":{\"topic\":\"ping\"}}".getBytes(StandardCharsets.UTF_8));
    harness.send("j-ok", "ping", Map.of());

    harness.awaitDone("j-ok");
    assertEquals(1, harness.awaitResult("j-ok").data().asInt());
  }

  private WorkerMessage.Heartbeat lastHeartbeat() {
    List<WorkerMessage.Heartbeat> beats = harness.broker.received(WorkerMessage.Heartbeat.class);
    return beats.isEmpty() ? new WorkerMessage.Heartbeat("none", List.of()) : beats.getLast();
  }
}
