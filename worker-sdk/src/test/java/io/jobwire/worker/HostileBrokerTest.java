package io.jobwire.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.testing.OversizedFrame;
import io.jobwire.protocol.testing.OversizedFrame.Mechanism;
import io.jobwire.security.CurveKeys;
import io.jobwire.worker.testing.TestJobs;
import io.jobwire.worker.testing.WorkerHarness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.zeromq.ZMQ;

/**
 * What a broker (or something posing as one) can send the worker: a job it cannot decode fails with
 * {@code bad_request} instead of holding a slot until its lease lapses; a frame header claiming 2
 * GiB drops the connection instead of allocating it.
 */
class HostileBrokerTest {
  private static final Duration WITHIN = Duration.ofSeconds(10);
  private final WorkerHarness harness = new WorkerHarness();

  @AfterEach
  void close() {
    harness.close();
  }

  @Test
  void a_job_nested_too_deeply_to_decode_fails_with_bad_request_and_no_retry() {
    harness.start(Worker.builder().handle("ping", job -> 1));

    String deep = "[".repeat(1100) + "]".repeat(1100);
    harness.broker.sendRaw(
        ("{\"type\":\"job\",\"job\":{\"id\":\"j-deep\",\"topic\":\"ping\",\"params\":{\"a\":"
                + deep
                + "}}}")
            .getBytes(StandardCharsets.UTF_8));
    harness.send("j-ok", "ping", Map.of());

    var fail = harness.awaitFail("j-deep");
    assertEquals("bad_request", fail.error().code());
    assertFalse(fail.retry());
    harness.awaitDone("j-ok");
  }

  @Test
  void a_job_with_a_malformed_field_fails_with_bad_request_and_no_retry() {
    harness.start(Worker.builder().handle("ping", job -> 1));

    harness.broker.sendRaw(
        "{\"type\":\"job\",\"job\":{\"id\":\"j-bad\",\"topic\":{\"no\":1}}}"
            .getBytes(StandardCharsets.UTF_8));

    var fail = harness.awaitFail("j-bad");
    assertEquals("bad_request", fail.error().code());
    assertFalse(fail.retry());
  }

  @Test
  void an_oversized_frame_header_from_the_broker_drops_the_connection() throws IOException {
    try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        var worker =
            Worker.builder()
                .broker("tcp://127.0.0.1:" + listener.getLocalPort())
                .handle("ping", job -> 1)
                .build()) {
      worker.start();
      assertTrue(
          OversizedFrame.droppedByClient(listener, Mechanism.NULL, WITHIN),
          "the worker kept a connection whose frame header claims 2 GiB");
    }
  }

  @Test
  void an_oversized_frame_header_from_a_rogue_reply_to_drops_the_push_connection()
      throws IOException {
    harness.start(Worker.builder().handle("ping", job -> 1));
    try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      harness.broker.send(
          TestJobs.job("j-rogue", "ping", Map.of(), "tcp://127.0.0.1:" + listener.getLocalPort()));
      assertTrue(
          OversizedFrame.droppedByClient(listener, Mechanism.NULL, WITHIN),
          "the worker's PUSH kept a connection whose frame header claims 2 GiB");
    }
  }

  @Test
  void an_oversized_frame_header_before_the_curve_handshake_drops_the_connection()
      throws IOException {
    try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        var worker =
            Worker.builder()
                .broker("tcp://127.0.0.1:" + listener.getLocalPort())
                .curve(new WorkerCurve(pair(), pair().publicPart(), null))
                .handle("ping", job -> 1)
                .build()) {
      worker.start();
      assertTrue(
          OversizedFrame.droppedByClient(listener, Mechanism.CURVE, WITHIN),
          "the worker kept a connection whose frame header claims 2 GiB");
    }
  }

  private static CurveKeys pair() {
    ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
    return new CurveKeys(pair.publicKey, pair.secretKey);
  }
}
