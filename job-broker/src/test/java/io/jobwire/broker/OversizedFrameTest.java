package io.jobwire.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.Codec;
import io.jobwire.protocol.testing.OversizedFrame;
import io.jobwire.protocol.testing.OversizedFrame.Mechanism;
import io.jobwire.queue.JobRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A header claiming a 2 GiB frame on the broker's ROUTER closes that one connection; jobs keep
 * going out and the broker stays ready. (With CURVE: {@link BrokerCurveTest}.)
 */
class OversizedFrameTest extends BrokerTestBase {

  @Test
  void an_oversized_frame_header_is_dropped_and_jobs_still_go_out() {
    Broker broker = broker();
    for (int i = 0; i < 3; i++) {
      assertTrue(
          OversizedFrame.droppedByServer(broker.endpoint(), Mechanism.NULL, Duration.ofSeconds(10)),
          "the ROUTER kept a connection whose frame header claims 2 GiB");
    }
    FakeWorker worker = worker("w-1", broker);
    worker.ready(1, "work");
    String id = queue.enqueue(JobRequest.of("work", Codec.mapper().createObjectNode()));

    assertEquals(id, worker.nextJob().id());
    assertTrue(broker.health().up(), broker.health().toJson());
  }

  @Test
  void the_limit_is_a_setting_with_a_floor() {
    var config = brokerConfig().maxMessageBytes(4 * 1024 * 1024).build();
    assertEquals(4 * 1024 * 1024, config.maxMessageBytes());
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> brokerConfig().maxMessageBytes(100).build());
    assertTrue(e.getMessage().contains("maxMessageBytes"), e.getMessage());
  }
}
