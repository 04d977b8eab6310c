package io.jobwire.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jobwire.protocol.WorkerMessage;
import io.jobwire.worker.testing.FakeBroker;
import io.jobwire.worker.testing.FakeFrontend;
import io.jobwire.worker.testing.TestJobs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One worker connected to two brokers (two fake ROUTERs): what each of them hears. */
class SeveralBrokersTest {
  static final Duration WAIT = Duration.ofSeconds(20);

  final FakeBroker first = FakeBroker.start();
  final FakeBroker second = FakeBroker.start();
  final FakeFrontend frontend = FakeFrontend.start();
  final CountDownLatch release = new CountDownLatch(1);
  Worker worker;

  @AfterEach
  void close() {
    release.countDown();
    if (worker != null) {
      worker.close();
    }
    first.close();
    second.close();
    frontend.close();
  }

  void start(Worker.Builder builder) {
    worker = builder.brokers(List.of(first.endpoint(), second.endpoint())).build();
    worker.start();
    await().atMost(WAIT).until(() -> !first.received(WorkerMessage.Ready.class).isEmpty());
    await().atMost(WAIT).until(() -> !second.received(WorkerMessage.Ready.class).isEmpty());
  }

  Worker.Builder blocking(int capacity) {
    return Worker.builder()
        .id("w-two")
        .capacity(capacity)
        .handle(
            "slow",
            job -> {
              if (job.param("fail", false)) {
                throw new JobFailure("boom", "it broke", true);
              }
              release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
              return Map.of("job", job.id());
            });
  }

  @Test
  void every_broker_gets_ready_and_heartbeats_listing_the_jobs_of_all_brokers() {
    start(blocking(4));
    first.send(TestJobs.job("j-a", "slow", Map.of(), frontend.endpoint()));
    second.send(TestJobs.job("j-b", "slow", Map.of(), frontend.endpoint()));

    for (FakeBroker broker : List.of(first, second)) {
      assertEquals(
          new WorkerMessage.Ready("w-two", List.of("slow"), 4),
          broker.received(WorkerMessage.Ready.class).getFirst());
      await()
          .atMost(WAIT)
          .until(
              () ->
                  broker.received(WorkerMessage.Heartbeat.class).stream()
                      .anyMatch(h -> Set.copyOf(h.running()).equals(Set.of("j-a", "j-b"))));
    }
  }

  @Test
  void done_reaches_every_broker_and_fail_only_the_broker_that_sent_the_job() {
    start(blocking(4));
    first.send(TestJobs.job("j-ok", "slow", Map.of(), frontend.endpoint()));
    second.send(TestJobs.job("j-bad", "slow", Map.of("fail", true), frontend.endpoint()));
    release.countDown();

    await().atMost(WAIT).until(() -> first.first(WorkerMessage.Done.class, "j-ok") != null);
    await().atMost(WAIT).until(() -> second.first(WorkerMessage.Done.class, "j-ok") != null);
    await().atMost(WAIT).until(() -> second.first(WorkerMessage.Fail.class, "j-bad") != null);
    assertNull(first.first(WorkerMessage.Fail.class, "j-bad"));
  }

  @Test
  void capacity_is_the_total_across_brokers_and_extra_jobs_go_back_as_busy() {
    start(blocking(2));
    first.send(TestJobs.job("j-1", "slow", Map.of(), frontend.endpoint()));
    second.send(TestJobs.job("j-2", "slow", Map.of(), frontend.endpoint()));
    await()
        .atMost(WAIT)
        .until(
            () ->
                first.received(WorkerMessage.Heartbeat.class).stream()
                    .anyMatch(h -> h.running().size() == 2));
    second.send(TestJobs.job("j-3", "slow", Map.of(), frontend.endpoint()));

    var busy =
        await()
            .atMost(WAIT)
            .until(() -> second.first(WorkerMessage.Fail.class, "j-3"), r -> r != null);
    var fail = (WorkerMessage.Fail) busy.message();
    assertEquals("busy", fail.error().code());
    assertEquals(Boolean.TRUE, fail.retry());
  }

  @Test
  void a_worker_that_loses_one_broker_works_on_with_the_other_and_reconnects() {
    start(
        blocking(4)
            .config(
                WorkerConfig.builder()
                    .id("w-two")
                    .capacity(4)
                    .brokerTimeout(Duration.ofMillis(1500))
                    .build()));
    first.answerHeartbeats(false); // as if it hung: the worker reconnects and says ready again
    second.send(TestJobs.job("j-fail", "slow", Map.of("fail", true), frontend.endpoint()));

    await().atMost(WAIT).until(() -> first.received(WorkerMessage.Ready.class).size() >= 2);
    assertNotNull(
        await()
            .atMost(WAIT)
            .until(() -> second.first(WorkerMessage.Fail.class, "j-fail"), r -> r != null));
    assertEquals(1, second.received(WorkerMessage.Ready.class).size());
    release.countDown();
    second.send(TestJobs.job("j-ok", "slow", Map.of(), frontend.endpoint()));
    await().atMost(WAIT).until(() -> second.first(WorkerMessage.Done.class, "j-ok") != null);
  }
}
