package io.jobwire.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jobwire.protocol.Codec;
import io.jobwire.protocol.Job;
import io.jobwire.protocol.JobState;
import io.jobwire.protocol.testing.OversizedFrame;
import io.jobwire.queue.JobQueue;
import io.jobwire.queue.JobRequest;
import io.jobwire.queue.QueueConfig;
import io.jobwire.queue.testing.RedisPerClass;
import io.jobwire.security.CurveConfig;
import io.jobwire.security.CurveKeys;
import io.jobwire.security.testing.TestKeys;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The broker's ROUTER with CURVE: only workers whose public key is allowed get jobs. */
class BrokerCurveTest {
  static final Duration WAIT = Duration.ofSeconds(20);
  static final Duration QUIET = Duration.ofSeconds(2);

  @RegisterExtension static final RedisPerClass redis = RedisPerClass.shared();

  @TempDir Path keys;
  Path clients;
  CurveKeys brokerKeys;
  CurveKeys allowed;
  CurveKeys other;
  JobQueue queue;
  Broker broker;

  @BeforeEach
  void startBroker() throws Exception {
    clients = Files.createDirectories(keys.resolve("clients"));
    brokerKeys = TestKeys.write(keys, "broker");
    allowed = TestKeys.write(keys, "worker-1");
    TestKeys.allow(clients, "worker-1", allowed);
    other = TestKeys.write(keys, "worker-2");
    TestKeys.allow(clients, "worker-2", other);
    queue = JobQueue.redis(QueueConfig.builder().redisUri(redis.uri()).namespace(ns()).build());
    broker =
        Broker.start(
            BrokerConfig.builder()
                .bind("tcp://127.0.0.1:*")
                .redisUri(redis.uri())
                .namespace(ns())
                .curve(
                    CurveConfig.builder()
                        .secretFile(keys.resolve("broker.key_secret"))
                        .clients(clients)
                        .build())
                .build());
  }

  String ns() {
    return "curve" + Math.abs(keys.hashCode());
  }

  @AfterEach
  void stop() {
    broker.close();
    queue.close();
  }

  @Test
  void worker_with_an_allowed_key_gets_and_completes_jobs() {
    try (var worker = new FakeWorker("w-1", broker.endpoint(), allowed, brokerKeys)) {
      worker.ready(1, "work");
      String id = queue.enqueue(work());

      Job job = worker.nextJob();
      assertEquals(id, job.id());
      worker.done(id);

      await()
          .atMost(WAIT)
          .until(() -> queue.status(id).orElseThrow().state() == JobState.SUCCEEDED);
      assertEquals(0, refused());
    }
  }

  @Test
  void an_oversized_frame_header_before_the_curve_handshake_is_dropped_and_jobs_still_go_out() {
    for (int i = 0; i < 3; i++) {
      assertTrue(
          OversizedFrame.droppedByServer(
              broker.endpoint(), OversizedFrame.Mechanism.CURVE, Duration.ofSeconds(10)),
          "the ROUTER kept a connection whose frame header claims 2 GiB");
    }
    try (var worker = new FakeWorker("w-1", broker.endpoint(), allowed, brokerKeys)) {
      worker.ready(1, "work");
      String id = queue.enqueue(work());

      assertEquals(id, worker.nextJob().id());
      assertTrue(broker.health().up(), broker.health().toJson());
    }
  }

  @Test
  void worker_with_an_unknown_key_gets_no_job_and_is_counted() {
    try (var stranger = new FakeWorker("w-x", broker.endpoint(), TestKeys.generate(), brokerKeys)) {
      stranger.ready(1, "work");
      queue.enqueue(work());

      assertNull(stranger.next(QUIET), "a worker with an unknown key got a message");
      await().atMost(WAIT).until(() -> refused() >= 1);
      assertEquals(0, broker.stats().workers());
      assertTrue(
          Pattern.compile("(?m)^jobwire_broker_curve_refused_total [1-9]").matcher(scrape()).find(),
          scrape());
    }
  }

  @Test
  void worker_dialling_a_wrong_broker_key_gets_nothing_and_is_counted() {
    try (var confused =
        new FakeWorker("w-2", broker.endpoint(), allowed, TestKeys.generate().publicPart())) {
      confused.ready(1, "work");
      queue.enqueue(work());

      assertNull(confused.next(QUIET));
      await().atMost(WAIT).until(() -> refused() >= 1);
    }
  }

  @Test
  void worker_without_curve_gets_nothing() {
    try (var plain = new FakeWorker("w-plain", broker.endpoint())) {
      plain.ready(1, "work");
      queue.enqueue(work());

      assertNull(plain.next(QUIET));
      assertEquals(0, broker.stats().workers());
    }
  }

  @Test
  void a_key_copied_into_the_clients_directory_is_let_in_without_a_restart() {
    CurveKeys late = TestKeys.generate();
    String id = queue.enqueue(work());
    try (var refused = new FakeWorker("w-late", broker.endpoint(), late, brokerKeys)) {
      refused.ready(1, "work");
      assertNull(refused.next(QUIET));
    }

    TestKeys.allow(clients, "late", late);

    // A refused JeroMQ connection does not redial; like the SDK's worker, connect again.
    await()
        .atMost(WAIT)
        .until(
            () -> {
              try (var worker = new FakeWorker("w-late", broker.endpoint(), late, brokerKeys)) {
                worker.ready(1, "work");
                JsonNode message = worker.next(Duration.ofSeconds(2));
                if (message == null || !id.equals(message.path("job").path("id").asText())) {
                  return false;
                }
                worker.done(id);
                return true;
              }
            });
    await().atMost(WAIT).until(() -> queue.status(id).orElseThrow().state() == JobState.SUCCEEDED);
  }

  @Test
  void another_allowed_key_cannot_take_a_registered_workers_name_or_end_its_job() {
    try (var victim = new FakeWorker("w-1", broker.endpoint(), allowed, brokerKeys);
        var mallory = new FakeWorker("w-1", broker.endpoint(), other, brokerKeys)) {
      victim.ready(1, "work");
      String id = queue.enqueue(work());
      assertEquals(id, victim.nextJob().id());

      mallory.ready(1, "work");
      mallory.done(id);

      await().atMost(WAIT).until(() -> broker.stats().refusedMessages() >= 2);
      assertEquals(JobState.RUNNING, queue.status(id).orElseThrow().state());
      assertEquals(1, broker.stats().workers());
      victim.done(id);
      await()
          .atMost(WAIT)
          .until(() -> queue.status(id).orElseThrow().state() == JobState.SUCCEEDED);
    }
  }

  static JobRequest work() {
    return JobRequest.of("work", Codec.mapper().createObjectNode());
  }

  long refused() {
    return (long)
        broker.meterRegistry().get("jobwire.broker.curve.refused").functionCounter().count();
  }

  String scrape() {
    return ((PrometheusMeterRegistry) broker.meterRegistry()).scrape();
  }
}
