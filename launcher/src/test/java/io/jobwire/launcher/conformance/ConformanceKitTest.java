package io.jobwire.launcher.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.broker.testing.TestRedis;
import io.jobwire.launcher.conformance.Outcome.Status;
import io.jobwire.worker.Worker;
import io.jobwire.workers.CountHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kit fails what is broken, and says what it saw. */
class ConformanceKitTest {
  static final Path LOG = Path.of("target", "worker-logs", "conformance-kit.log").toAbsolutePath();

  static TestRedis redis;

  @BeforeAll
  static void startRedis() {
    redis = TestRedis.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  void a_worker_that_exits_fails_ready_and_skips_the_rest() throws Exception {
    Report report =
        Conformance.run(
            Conformance.Options.command("echo no worker here")
                .withWorkerLog(LOG)
                .withRedis(redis.uri()));

    assertFalse(report.passed());
    Outcome ready = report.outcomes().get(0);
    assertEquals(Status.FAIL, ready.status());
    assertTrue(ready.detail().contains("no worker here"), ready.detail());
    assertTrue(
        report.outcomes().stream().skip(1).allMatch(o -> o.status() == Status.SKIP), report::table);
  }

  @Test
  void a_worker_that_breaks_the_topic_contract_fails_those_behaviours_only() throws Exception {
    String endpoint = "tcp://127.0.0.1:" + freePort();
    try (Worker worker =
        Worker.builder()
            .broker(endpoint)
            .capacity(2)
            .handle("upper", job -> Map.of("text", "not upper")) // wrong result
            .handle("count", new CountHandler())
            .handle("fail", job -> Map.of("attempt", job.attempt())) // never fails
            .build()) {
      worker.start(); // ZeroMQ connects lazily: the kit binds the endpoint next
      var options =
          new Conformance.Options(
              null, endpoint, Duration.ofSeconds(4), Duration.ofSeconds(20), LOG, redis.uri());

      Report report = Conformance.run(options);

      Map<String, Status> got =
          report.outcomes().stream().collect(Collectors.toMap(Outcome::name, Outcome::status));
      Map<String, Status> expected =
          Map.of(
              "ready", Status.PASS,
              "result_done", Status.FAIL,
              "progress_order", Status.PASS,
              "fail_retry", Status.FAIL,
              "fail_dead", Status.FAIL,
              "cancel", Status.PASS,
              "capacity", Status.PASS,
              "reconnect", Status.PASS,
              "heartbeat", Status.PASS,
              "well_formed", Status.PASS);
      assertEquals(expected, got, report::table);
      assertTrue(report.outcomes().get(1).detail().contains("not upper"), report::table);
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
