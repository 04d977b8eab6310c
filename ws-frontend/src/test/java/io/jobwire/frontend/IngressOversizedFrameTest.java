package io.jobwire.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.protocol.testing.OversizedFrame;
import io.jobwire.protocol.testing.OversizedFrame.Mechanism;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A header claiming a 2 GiB frame on the ingress PULL closes that one connection; results keep
 * reaching clients and the front end stays ready. (With CURVE: {@link IngressCurveTest}.)
 */
class IngressOversizedFrameTest extends LiveFrontend {
  static final Duration WITHIN = Duration.ofSeconds(10);

  @Test
  void an_oversized_frame_header_is_dropped_and_results_still_arrive() {
    TestClient client = client();
    client.send("{\"op\":\"subscribe\",\"ref\":1,\"topic\":\"ping\"}");
    String sub = client.next("subscribed").path("sub").asText();

    for (int i = 0; i < 3; i++) {
      assertTrue(
          OversizedFrame.droppedByServer(frontend.ingressEndpoint(), Mechanism.NULL, WITHIN),
          "the ingress kept a connection whose frame header claims 2 GiB");
    }
    worker().result("j-1", sub, 1, "{\"ok\":true}");

    assertTrue(client.next("result").path("data").path("ok").asBoolean());
    assertEquals(200, httpGet("/health/ready").statusCode());
  }
}
