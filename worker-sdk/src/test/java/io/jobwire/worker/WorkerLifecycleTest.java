package io.jobwire.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.BrokerMessage;
import io.jobwire.protocol.WorkerMessage;
import io.jobwire.worker.testing.FakeBroker;
import io.jobwire.worker.testing.SettableClock;
import io.jobwire.worker.testing.TestJobs;
import io.jobwire.worker.testing.WorkerHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Capacity, cancel, deadlines, reconnects and shutdown, against a raw ROUTER and PULL. */
class WorkerLifecycleTest {
  private final WorkerHarness harness = new WorkerHarness();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() {
    release.countDown();
    harness.close();
  }

  /** A handler that blocks until the test releases it. */
  private Object blockUntilReleased(JobContext job) throws InterruptedException {
    assertTrue(release.await(20, TimeUnit.SECONDS), "the test never released the job");
    return Map.of("job", job.id());
  }

  @Test
  void never_runs_more_than_capacity_jobs_at_once_and_hands_back_the_rest_as_busy() {
    var running = new AtomicInteger();
    var most = new AtomicInteger();
    harness.start(
        Worker.builder()
            .capacity(2)
            .handle(
                "slow",
                job -> {
                  most.accumulateAndGet(running.incrementAndGet(), Math::max);
                  try {
                    return blockUntilReleased(job);
                  } finally {
                    running.decrementAndGet();
                  }
                }));

    for (int i = 0; i < 6; i++) {
      harness.send("j-" + i, "slow", Map.of());
    }

    await().atMost(WorkerHarness.WAIT).until(() -> running.get() == 2);
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> running.get() <= 2);
    // several brokers may fill one free slot at once: the extra jobs go back, no attempt spent
    for (int i = 2; i < 6; i++) {
      WorkerMessage.Fail fail = harness.awaitFail("j-" + i);
      assertEquals("busy", fail.error().code());
      assertTrue(fail.retry());
    }
    release.countDown();
    harness.awaitDone("j-0");
    harness.awaitDone("j-1");
    assertEquals(2, most.get());
  }

  @Test
  void cancel_interrupts_the_handler_and_sends_nothing() {
    var started = new CountDownLatch(1);
    var interrupted = new AtomicBoolean();
    harness.start(
        Worker.builder()
            .handle(
                "slow",
                job -> {
                  started.countDown();
                  try {
                    job.progress(Map.of("step", 1));
                    return blockUntilReleased(job);
                  } catch (InterruptedException e) {
                    interrupted.set(job.isCancelled());
                    job.progress(Map.of("step", 2)); // dropped: the job was cancelled
                    throw e;
                  }
                })
            .handle("ping", job -> "pong"));

    harness.send("j-c", "slow", Map.of());
    await().atMost(WorkerHarness.WAIT).until(() -> started.getCount() == 0);
    harness.send(new BrokerMessage.Cancel("j-c"));

    await().atMost(WorkerHarness.WAIT).untilTrue(interrupted);
    harness.send("j-after", "ping", Map.of());
    harness.awaitDone("j-after");
    assertNull(harness.broker.first(WorkerMessage.Done.class, "j-c"));
    assertNull(harness.broker.first(WorkerMessage.Fail.class, "j-c"));
    assertNull(harness.frontend.firstResult("j-c"));
    assertTrue(harness.pushed("j-c").size() <= 1, "at most the progress sent before the cancel");
  }

  @Test
  void deadline_passed_fails_with_timeout() {
    var clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    var called = new AtomicBoolean();
    harness.start(
        Worker.builder()
            .clock(clock)
            .handle(
                "ping",
                job -> {
                  called.set(true);
                  return 1;
                }));

    long past = clock.millis() - 1;
    harness.send(TestJobs.job("j-late", "ping", Map.of(), harness.frontend.endpoint(), past));

    var fail = harness.awaitFail("j-late");
    assertEquals("timeout", fail.error().code());
    assertFalse(fail.retry());
    assertFalse(called.get(), "the handler of an expired job never runs");
  }

  @Test
  void deadline_passing_while_running_interrupts_the_handler_and_fails_with_timeout() {
    var clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    var started = new CountDownLatch(1);
    harness.start(
        Worker.builder()
            .clock(clock)
            .handle(
                "slow",
                job -> {
                  started.countDown();
                  return blockUntilReleased(job);
                }));

    long deadline = clock.millis() + 60_000;
    harness.send(TestJobs.job("j-t", "slow", Map.of(), harness.frontend.endpoint(), deadline));
    await().atMost(WorkerHarness.WAIT).until(() -> started.getCount() == 0);
    clock.advance(Duration.ofSeconds(61));

    var fail = harness.awaitFail("j-t");
    assertEquals("timeout", fail.error().code());
    assertFalse(fail.retry());
    assertNull(harness.frontend.firstResult("j-t"));
  }

  @Test
  void worker_reconnects_and_resends_ready_when_broker_is_silent() {
    var started = new CountDownLatch(1);
    harness.start(
        Worker.builder()
            .handle(
                "slow",
                job -> {
                  started.countDown();
                  return blockUntilReleased(job);
                }));
    harness.send("j-r", "slow", Map.of());
    await().atMost(WorkerHarness.WAIT).until(() -> started.getCount() == 0);

    harness.broker.answerHeartbeats(false);

    await()
        .atMost(WorkerHarness.WAIT)
        .until(() -> harness.broker.received(WorkerMessage.Ready.class).size() == 2);
    harness.broker.answerHeartbeats(true);
    List<FakeBroker.Received> readies =
        harness.broker.received().stream()
            .filter(r -> r.message() instanceof WorkerMessage.Ready)
            .toList();
    assertNotEquals(readies.get(0).identity(), readies.get(1).identity(), "a new DEALER");
    release.countDown();
    var done = harness.awaitDone("j-r");
    assertEquals(
        readies.get(1).identity(), done.identity(), "the running job reports on the new DEALER");
    assertEquals(
        2,
        harness.broker.received(WorkerMessage.Ready.class).size(),
        "no reconnect while the broker talks");
  }

  @Test
  void close_drains_running_jobs_then_sends_bye() {
    var started = new CountDownLatch(1);
    Worker worker =
        harness.start(
            Worker.builder()
                .id("w-close")
                .handle(
                    "slow",
                    job -> {
                      started.countDown();
                      return blockUntilReleased(job);
                    }));
    harness.send("j-d", "slow", Map.of());
    await().atMost(WorkerHarness.WAIT).until(() -> started.getCount() == 0);

    CompletableFuture<Void> closing = CompletableFuture.runAsync(worker::close);

    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !closing.isDone());
    harness.send("j-new", "slow", Map.of());
    var rejected = harness.awaitFail("j-new");
    assertEquals("shutdown", rejected.error().code(), "a closing worker takes no new job");
    assertTrue(rejected.retry());
    assertTrue(
        harness.broker.received(WorkerMessage.Bye.class).isEmpty(), "no bye while a job runs");
    release.countDown();
    closing.join();
    worker.close(); // idempotent

    var done = harness.awaitDone("j-d");
    harness.awaitResult("j-d");
    var bye =
        await()
            .atMost(WorkerHarness.WAIT)
            .until(() -> lastOf(WorkerMessage.Bye.class), b -> b != null);
    assertEquals(new WorkerMessage.Bye("w-close"), bye.message());
    assertTrue(done.order() < bye.order(), "done before bye");
  }

  @Test
  void close_interrupts_jobs_still_running_after_the_grace_period_and_fails_them_for_retry() {
    var started = new CountDownLatch(1);
    Worker worker =
        harness.start(
            Worker.builder()
                .gracePeriod(Duration.ofMillis(200))
                .handle(
                    "stuck",
                    job -> {
                      started.countDown();
                      return blockUntilReleased(job);
                    }));
    harness.send("j-s", "stuck", Map.of());
    await().atMost(WorkerHarness.WAIT).until(() -> started.getCount() == 0);

    worker.close();

    var fail = harness.awaitFail("j-s");
    assertEquals("shutdown", fail.error().code());
    assertTrue(fail.retry());
    await().atMost(WorkerHarness.WAIT).until(() -> lastOf(WorkerMessage.Bye.class) != null);
  }

  private FakeBroker.Received lastOf(Class<? extends WorkerMessage> type) {
    return harness.broker.received().stream()
        .filter(r -> type.isInstance(r.message()))
        .reduce((a, b) -> b)
        .orElse(null);
  }
}
